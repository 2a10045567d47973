import io.github.blobdownloader.testing.CosignSigner
import io.github.blobdownloader.testing.TestImages
import io.github.blobdownloader.testing.TestKeys

def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(itSupport))
def api = support.openRegistry(registryPort)
// cosign.pub next to the POM, its private half made and used by openssl.
def key = TestKeys.opensslP256(basedir.toPath(), 'cosign')
def signed = support.pushAndExpect(basedir, api, 'it/signatures-signed', '1.0', 1601)
def payload = CosignSigner.payload("127.0.0.1:${registryPort}/it/signatures-signed", signed.manifestDigest())
def signature = CosignSigner.pushSimpleSigning(api, 'it/signatures-signed', signed.manifestDigest(),
        [CosignSigner.sign(key, payload)])
new File(basedir, 'signature.txt').text = signature
TestImages.pushImage(api, 'it/signatures-unsigned', '1.0', TestImages.Format.OCI, 'linux', 'amd64', null, 1, 1024, 1602)
return true
