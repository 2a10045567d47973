import io.github.blobdownloader.testing.TestImages

def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(itSupport))
// Over HTTPS, trusting the registry's CA; that CA is also written as ca.pem, which the POM names.
def api = support.tlsRegistry(tlsRegistryPort, basedir)
// Layers of a few MiB: the four modules overlap from the first blob to the last file they write.
def image = TestImages.pushImage(api, "it/parallel-modules-tls", "1.0", TestImages.Format.OCI, "linux", "amd64",
        null, 4, 3_000_000, 1702L)
support.expect(basedir, image)

// What the temporary folder holds now: the build must add nothing named *conscrypt* there (BoringSSL's library
// goes under cacheDirectory alone). The build's JVM uses the default tmpdir, which may differ from this one's.
def tmpDirs = [System.getProperty('java.io.tmpdir'), '/tmp'].collect { new File(it).canonicalFile }.unique()
def listing = tmpDirs.collectMany { dir ->
    (dir.list() ?: new String[0]).findAll { it.toLowerCase().contains('conscrypt') }.collect { "${dir}/${it}" }
}
new File(basedir, 'tmpdir-before.txt').text = "${tmpDirs.join(',')}\n${listing.sort().join('\n')}"
return true
