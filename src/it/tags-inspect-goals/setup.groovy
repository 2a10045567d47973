// Tags whose semantic order differs from their lexical order, one of them a two-platform index.
import io.github.blobdownloader.testing.TestImages

def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(itSupport))
def api = support.openRegistry(registryPort)
def repo = 'it/tags-inspect'
def expected = new Properties()
['1.9.0', 'v1.2', '2.0.0-rc.1', 'edge'].eachWithIndex { tag, i ->
    def image = TestImages.pushImage(api, repo, tag, TestImages.Format.OCI, 'linux', 'amd64', null, 1, 2048, 300 + i)
    expected[tag] = image.manifestDigest()
    expected["${tag}.layer".toString()] = image.layers()[0].digest()
}
def index = TestImages.pushMultiPlatform(api, repo, '1.10.0', TestImages.Format.OCI, 310)
expected['1.10.0'] = index.manifestDigest()
expected['1.10.0.arm64'] = index.images()[1].manifestDigest()
new File(basedir, 'tags-expected.properties').withOutputStream { expected.store(it, 'written by setup.groovy') }
return true
