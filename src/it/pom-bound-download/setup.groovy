// A Docker manifest list (linux/amd64 + linux/arm64/v8); the POM asks for arm64.
import io.github.blobdownloader.testing.TestImages

def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(itSupport))
def api = support.openRegistry(registryPort)
def index = TestImages.pushMultiPlatform(api, 'it/pom-bound', '1.0', TestImages.Format.DOCKER, 101)
def arm64 = index.images().find { it.architecture() == 'arm64' }
support.expect(basedir, arm64)
return true
