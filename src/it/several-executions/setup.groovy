// Three repositories whose tags do not overlap, so a tag carried over from another execution fails or
// pulls the wrong image; "app" also has a 2.0 that differs from other:2.0.
import io.github.blobdownloader.testing.TestImages

def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(itSupport))
def api = support.openRegistry(registryPort)
def fmt = TestImages.Format.OCI
def app = TestImages.pushImage(api, 'it-several/app', '1.0', fmt, 'linux', 'amd64', null, 1, 2048, 701)
TestImages.pushImage(api, 'it-several/app', '2.0', fmt, 'linux', 'amd64', null, 1, 2048, 702)
def other = TestImages.pushImage(api, 'it-several/other', '2.0', fmt, 'linux', 'amd64', null, 1, 2048, 703)
TestImages.pushImage(api, 'it-several/other', '1.0', fmt, 'linux', 'amd64', null, 1, 2048, 704)
def third = TestImages.pushImage(api, 'it-several/third', 'latest', fmt, 'linux', 'amd64', null, 1, 2048, 705)
new File(basedir, 'expected.properties').text = """app=${app.manifestDigest()}
other=${other.manifestDigest()}
third=${third.manifestDigest()}
"""
return true
