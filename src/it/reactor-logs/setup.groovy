import io.github.blobdownloader.testing.TestImages

def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(itSupport))
def api = support.authRegistry(authRegistryPort)
['a', 'b', 'c'].eachWithIndex { module, i ->
    // Layers of a few MiB, so that the modules' pulls overlap.
    TestImages.pushImage(api, "it/reactor-logs/${module}", '1.0', TestImages.Format.OCI, 'linux', 'amd64', null,
            3, 2_000_000, 1801L + i)
}
return true
