import io.github.blobdownloader.testing.RegistryApi
import io.github.blobdownloader.testing.SharedRegistry
import io.github.blobdownloader.testing.TestImages

def reg = SharedRegistry.ensureStarted(registryPort as int)
def api = new RegistryApi(reg.baseUri())
def fmt = TestImages.Format.OCI
def web = 'it-tags-images/web'
TestImages.pushImage(api, web, '1.9.0', fmt, 'linux', 'amd64', null, 1, 1024, 401)
def highest = TestImages.pushImage(api, web, '1.10.0', fmt, 'linux', 'amd64', null, 1, 1024, 402)
TestImages.pushImage(api, web, 'latest', fmt, 'linux', 'amd64', null, 1, 1024, 403)
def db = TestImages.pushMultiPlatform(api, 'it-tags-images/postgres', '16', fmt, 404)

// verify.groovy compares the build's output with what was pushed here.
new File(basedir, 'expected.properties').text = """web.digest=${highest.manifestDigest()}
db.digest=${db.manifestDigest()}
db.arm64.digest=${db.images()[1].manifestDigest()}
"""
return true
