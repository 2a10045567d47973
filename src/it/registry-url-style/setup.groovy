// Two tags with different content: the download must be the one -Dblob.tag names, not latest.
import io.github.blobdownloader.testing.TestImages

def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(itSupport))
def api = support.openRegistry(registryPort)
TestImages.pushImage(api, 'it/registry-url-style', 'latest', TestImages.Format.OCI, 'linux', 'amd64', null, 1, 1024, 301)
support.pushAndExpect(basedir, api, 'it/registry-url-style', '3.1', 302)
return true
