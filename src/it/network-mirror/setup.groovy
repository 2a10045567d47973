import io.github.blobdownloader.testing.*

def reg = SharedRegistry.ensureStarted(registryPort as int)
def image = TestImages.pushImage(new RegistryApi(reg.baseUri()), "it-network-mirror/app", "v1",
        TestImages.Format.OCI, "linux", "amd64", null, 2, 2048, 801)
new File(basedir, "expected-layers.txt").text = image.layers().collect { it.digest().substring(7) }.join("\n")
return true
