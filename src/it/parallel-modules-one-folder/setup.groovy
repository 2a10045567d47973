import io.github.blobdownloader.testing.TestImages

def itSupportClass = new GroovyClassLoader(getClass().classLoader).parseClass(new File(itSupport))
def api = itSupportClass.openRegistry(registryPort)
// Layers of a few MiB: the four modules overlap from the first blob to the last file they write.
def image = TestImages.pushImage(api, "it/parallel-modules-one-folder", "1.0", TestImages.Format.OCI, "linux",
        "amd64", null, 4, 3_000_000, 1701L)
itSupportClass.expect(basedir, image)
return true
