import java.util.jar.JarFile

def out = new File(basedir, 'target/artifact-files')
assert new File(out, 'config/settings.json').text == '{"greeting":"hello from the registry"}\n'
def files = []
out.eachFileRecurse { files << out.toPath().relativize(it.toPath()).toString() }
assert files.sort() == ['config', 'config/settings.json', 'download-report.json']: "only the titled file: $files"

def jar = new JarFile(new File(basedir, 'target/artifact-files-into-jar-1.0.jar'))
def entry = jar.getEntry('config/settings.json')
assert entry != null: 'the jar carries the pulled file'
assert jar.getInputStream(entry).text.contains('hello from the registry')
assert jar.getEntry('download-report.json') == null
jar.close()

def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('(text/plain) of 127.0.0.1:')
assert log.contains('without an org.opencontainers.image.title annotation there is no file name; <layout>blobs</layout> (-Dblob.layout=blobs) keeps every layer')
assert log.contains('BUILD SUCCESS')
return true
