// A JSON file pushed as oras pushes it (artifactType, the empty config, a titled layer), and a layer without a
// title that the files layout skips.
import io.github.blobdownloader.testing.OrasArtifact

def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(itSupport))
def api = support.openRegistry(registryPort)
OrasArtifact.of('application/vnd.example.settings')
        .file('config/settings.json', 'application/vnd.example.settings+json', '{"greeting":"hello from the registry"}\n')
        .layer('text/plain', 'no title, not wanted\n'.bytes, [:])
        .push(api, 'it/settings', '1.0')
return true
