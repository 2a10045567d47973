import io.github.blobdownloader.testing.RegistryApi
import io.github.blobdownloader.testing.SharedRegistry
import io.github.blobdownloader.testing.TestImages

def reg = SharedRegistry.ensureStarted(registryPort as int)
def image = TestImages.pushImage(new RegistryApi(reg.baseUri()), "it/cache-offline", "1.0",
        TestImages.Format.OCI, "linux", "amd64", null, 2, 8192, 601L)
new File(basedir, "pinned.properties").text = "it.image=" + image.imageReference(reg.hostPort())
        .replace(":1.0", "@" + image.manifestDigest()) + "\n"
new File(basedir, "layers.txt").text = image.layers().collect { it.digest().substring(7) }.join("\n")
return true
