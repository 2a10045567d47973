import io.github.blobdownloader.testing.RegistryApi
import io.github.blobdownloader.testing.SharedRegistry
import io.github.blobdownloader.testing.TestImages

def reg = SharedRegistry.ensureStarted(registryPort as int)
def image = TestImages.pushImage(new RegistryApi(reg.baseUri()), "it/layout-attach", "v1",
        TestImages.Format.OCI, "linux", "amd64", null, 2, 4096, 501L)
new File(basedir, "pushed-digest.txt").text = image.manifestDigest()
def docker = TestImages.pushImage(new RegistryApi(reg.baseUri()), "it/layout-attach-docker", "v1",
        TestImages.Format.DOCKER, "linux", "amd64", null, 1, 2048, 502L)
new File(basedir, "pushed-docker-digest.txt").text = docker.manifestDigest()
return true
