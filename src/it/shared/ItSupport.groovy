// Shared by the ITs' setup.groovy and verify.groovy (loaded through the `itSupport` script variable):
// pushes test images and checks what the plugin wrote, so each IT script only says what is special to it.
import io.github.blobdownloader.testing.PushedImage
import io.github.blobdownloader.testing.RegistryApi
import io.github.blobdownloader.testing.SharedRegistry
import io.github.blobdownloader.testing.TestImages
import java.security.MessageDigest

class ItSupport {

    static final String EXPECTED = 'expected.properties'
    /** The one account of the registry that requires authentication (also in src/it/settings.xml). */
    static final String AUTH_USER = 'it-user'
    static final String AUTH_PASSWORD = 'It-Secret-Pw-4f1d9a'

    /** The open registry every IT shares; each IT pushes under its own repository name. */
    static RegistryApi openRegistry(registryPort) {
        new RegistryApi(SharedRegistry.ensureStarted(registryPort as int).baseUri())
    }

    /** The registry that requires Basic authentication for {@link #AUTH_USER}; the client pushes with it. */
    static RegistryApi authRegistry(authRegistryPort) {
        def registry = SharedRegistry.ensureStarted(authRegistryPort as int, AUTH_USER, AUTH_PASSWORD)
        new RegistryApi(registry.baseUri(), AUTH_USER, AUTH_PASSWORD)
    }

    /** The file a TLS IT's POM names in {@code caCertificates}, written by {@link #tlsRegistry}. */
    static final String CA_PEM = 'ca.pem'

    /**
     * The open registry speaking only HTTPS that every TLS IT shares; the client pushes over TLS trusting its
     * CA. The first IT to call this makes the CA (in its own {@code target/tls-ca}); each caller gets a copy
     * of the CA certificate as {@link #CA_PEM} in its basedir, for {@code caCertificates}.
     */
    static RegistryApi tlsRegistry(tlsRegistryPort, File basedir) {
        def registry = SharedRegistry.ensureStartedTls(tlsRegistryPort as int,
                new File(basedir, 'target/tls-ca').toPath())
        new File(basedir, CA_PEM).bytes = registry.caPem().toFile().bytes
        registry.api()
    }

    /** Records what a download of {@code image} must produce, for {@link #assertDownloaded}. */
    static void expect(File basedir, PushedImage image) {
        def p = new Properties()
        p.manifest = image.manifestDigest()
        p.config = image.configDigest()
        p.layers = image.layers()*.digest().join(',')
        new File(basedir, EXPECTED).withOutputStream { p.store(it, 'written by setup.groovy') }
    }

    /** Pushes a single-platform OCI image of two layers and records it as expected. */
    static PushedImage pushAndExpect(File basedir, RegistryApi api, String repo, String tag, long seed) {
        def image = TestImages.pushImage(api, repo, tag, TestImages.Format.OCI, 'linux', 'amd64', null, 2, 4096,
                seed)
        expect(basedir, image)
        image
    }

    /**
     * Checks {@code dir} holds exactly the expected image in the blobs layout: one {@code <hex>.tar.gz} per
     * layer whose content hashes to its name, config.json and manifest.json with the pushed digests.
     */
    static void assertDownloaded(File basedir, File dir) {
        def p = new Properties()
        new File(basedir, EXPECTED).withInputStream { p.load(it) }
        assert dir.isDirectory(): "no output folder $dir"
        def layers = p.layers.split(',') as List
        def expectedNames = layers.collect { it - 'sha256:' + '.tar.gz' } +
                ['config.json', 'manifest.json', 'download-report.json']
        def names = dir.list() as List
        assert names.sort() == expectedNames.sort(): "files in $dir"
        layers.each { digest ->
            assert sha256(new File(dir, (digest - 'sha256:') + '.tar.gz')) == digest
        }
        assert sha256(new File(dir, 'config.json')) == p.config
        assert sha256(new File(dir, 'manifest.json')) == p.manifest
        def report = new File(dir, 'download-report.json').text
        assert report.contains(p.manifest): "download-report.json names the manifest digest"
        layers.each { assert report.contains(it): "download-report.json names layer $it" }
    }

    static String sha256(File file) {
        def md = MessageDigest.getInstance('SHA-256')
        file.withInputStream { in -> in.eachByte(65536) { buf, n -> md.update(buf, 0, n) } }
        'sha256:' + md.digest().encodeHex()
    }

    static String buildLog(File basedir) {
        new File(basedir, 'build.log').getText('UTF-8')
    }

    /**
     * For the -X credential ITs: the image was pulled from the registry that requires authentication, the log
     * names the credential {@code source} used, and the password is nowhere in build.log.
     */
    static void assertAuthenticatedDebugPull(File basedir, File outputDir, authRegistryPort, String source) {
        assertDownloaded(basedir, outputDir)
        def log = buildLog(basedir)
        assert log.contains('[DEBUG]'): 'the build did not run with -X'
        assert log.contains("Using credentials for 127.0.0.1:${authRegistryPort}: user '${AUTH_USER}' from ${source}")
        assertSecretNotLogged(basedir, AUTH_USER, AUTH_PASSWORD)
    }

    /** Fails when {@code secret}, or the Basic header value built from it, is anywhere in the build log. */
    static void assertSecretNotLogged(File basedir, String user, String secret) {
        def log = buildLog(basedir)
        assert !log.contains(secret): 'the password appears in build.log'
        def basic = "${user}:${secret}".toString().bytes.encodeBase64().toString()
        assert !log.contains(basic): 'the Basic authorization value appears in build.log'
    }
}
