import io.github.blobdownloader.testing.TestImages

def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(itSupport))
def api = support.openRegistry(registryPort)
def digests = new Properties()
['web', 'db', 'cache'].eachWithIndex { name, i ->
    def image = TestImages.pushImage(api, "it/shared-report/${name}", '1.0', TestImages.Format.OCI, 'linux', 'amd64',
            null, 2, 100_000, 2001L + i)
    digests[name] = image.manifestDigest()
}
new File(basedir, 'expected.properties').withOutputStream { digests.store(it, null) }
return true
