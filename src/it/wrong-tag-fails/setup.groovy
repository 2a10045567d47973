import io.github.blobdownloader.testing.TestImages

def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(itSupport))
def api = support.openRegistry(registryPort)
['1.0', '1.1'].eachWithIndex { tag, i ->
    TestImages.pushImage(api, 'it/wrong-tag', tag, TestImages.Format.OCI, 'linux', 'amd64', null, 1, 1024, 401 + i)
}
return true
