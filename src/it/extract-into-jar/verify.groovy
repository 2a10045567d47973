import java.nio.file.Files
import java.util.jar.JarFile

def rootfs = new File(basedir, 'target/image-rootfs')
def hello = new File(rootfs, 'usr/bin/hello')
assert hello.text == '#!/bin/sh\necho hello from the image\n': 'the upper layer wins'
assert Files.isExecutable(hello.toPath()): 'mode 0755 kept'
def files = []
rootfs.eachFileRecurse { files << rootfs.toPath().relativize(it.toPath()).toString() }
assert files.sort() == ['.blob-downloader-extract.json', 'usr', 'usr/bin', 'usr/bin/hello']: "only what includes chose: $files"

def jar = new JarFile(new File(basedir, 'target/extract-into-jar-1.0.jar'))
def entry = jar.getEntry('usr/bin/hello')
assert entry != null: 'the jar carries the extracted file'
assert jar.getInputStream(entry).text.contains('hello from the image')
assert jar.getEntry('.blob-downloader-extract.json') == null
jar.close()

def archive = new File(basedir, 'target/extract-into-jar-1.0-rootfs.tar')
def names = [:]
new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(archive.newInputStream()).withCloseable { tar ->
    for (def e = tar.nextEntry; e != null; e = tar.nextEntry) {
        names[e.name] = Integer.toOctalString(e.mode & 0777)
    }
}
assert names == ['usr/': '755', 'usr/bin/': '755', 'usr/bin/hello': '755']: "the attached rootfs: $names"

def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('Extracted 127.0.0.1:')
assert log.contains('Attached ' + archive.path + ' as io.github.blobdownloader.it:extract-into-jar:tar:rootfs:1.0')
return true
