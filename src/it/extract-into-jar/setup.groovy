// Two layers: the lower one has usr/bin/hello and other files, the upper one replaces hello.
import io.github.blobdownloader.testing.LayerSpec
import io.github.blobdownloader.testing.MediaTypes
import io.github.blobdownloader.testing.TarGz
import io.github.blobdownloader.testing.TestImages

def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(itSupport))
def api = support.openRegistry(registryPort)
def lower = TarGz.tarGz(['usr/': new byte[0], 'usr/bin/': new byte[0],
                         'usr/bin/hello': '#!/bin/sh\necho old\n'.bytes, 'usr/bin/other': 'other'.bytes,
                         'etc/': new byte[0], 'etc/config': 'c'.bytes])
def upper = TarGz.gzip(TarGz.executableTar('usr/bin/hello', '#!/bin/sh\necho hello from the image\n'.bytes))
TestImages.pushImage(api, 'it/extract-tool', '1.0', TestImages.Format.OCI, 'linux', 'amd64', null,
        [LayerSpec.of(MediaTypes.OCI_LAYER_GZIP, lower), LayerSpec.of(MediaTypes.OCI_LAYER_GZIP, upper)],
        TestImages.DEFAULT_CREATED)
return true
