import io.github.blobdownloader.testing.RegistryApi
import io.github.blobdownloader.testing.SharedRegistry
import io.github.blobdownloader.testing.TestImages

// The shared registry that requires Basic authentication; its one account is it-user.
def registry = SharedRegistry.ensureStarted(authRegistryPort as int, 'it-user', 'It-Secret-Pw-4f1d9a')
def api = new RegistryApi(registry.baseUri(), 'it-user', 'It-Secret-Pw-4f1d9a')
def image = TestImages.pushImage(api, 'it/settings-encrypted-password-mvnenc', '1.0', TestImages.Format.OCI, 'linux',
        'amd64', null, 2, 4096, 701L)
new File(basedir, 'expected-layers.txt').text = image.layers()*.digest().join('\n')
return true
