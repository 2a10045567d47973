import io.github.blobdownloader.testing.ExternalTool

def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(itSupport))
def expected = new Properties()
new File(basedir, support.EXPECTED).withInputStream { expected.load(it) }
def log = support.buildLog(basedir)
def shared = new File(basedir, 'target/shared')
assert log.contains('[DEBUG]'): 'the build did not run with -X'

// Every module pulled in both layouts, over TLS; across the eight pulls each blob was downloaded once (the cache).
assert (log =~ /Pulled [^\n]*parallel-modules-tls:1\.0: 5 blob\(s\)/).count == 8
def downloaded = (log =~ /Downloaded (\d+) blob\(s\)/).collect { it[1] as int }
assert downloaded.size() == 8 && downloaded.sum() == 5: "downloads per pull: ${downloaded}"

// blobs: every file whole and right.
support.assertDownloaded(basedir, new File(shared, 'blobs'))

// oci: one index entry, read by skopeo.
def oci = new File(shared, 'oci')
def inspected = new groovy.json.JsonSlurper().parseText(ExternalTool.skopeo().run('inspect', "oci:${oci}:1.0"))
assert inspected.Digest == expected.manifest
assert new groovy.json.JsonSlurper().parse(new File(oci, 'index.json')).manifests.size() == 1

// BoringSSL connected, never the JDK's TLS, and its library was unpacked once into the shared cache.
assert log.contains('TLS: BoringSSL (Conscrypt'): 'BoringSSL was not used'
assert !log.contains("TLS: the JDK's"): 'the JDK\'s TLS was used: ' + log.readLines().find { it.contains("TLS: the JDK's") }
def nativeDir = new File(basedir, 'target/cache/native')
def nativeFiles = []
nativeDir.eachFileRecurse(groovy.io.FileType.FILES) { nativeFiles << it }
assert nativeFiles.size() == 1: "files under ${nativeDir}: ${nativeFiles}"
def library = nativeFiles[0]
assert library.name == 'libconscrypt_openjdk_jni-linux-x86_64.so'
assert library.parentFile.name ==~ /[0-9a-f]{8}-${library.length()}/
def named = (log =~ /TLS: BoringSSL \(Conscrypt [0-9.]+, ([^)\r\n]+)\)/).collect { new File(it[1]).canonicalFile }.unique()
assert named == [library.canonicalFile]: "libraries named in build.log: ${named}"

// Nothing named *conscrypt* appeared in the temporary folder during the build.
def before = new File(basedir, 'tmpdir-before.txt').readLines()
def tmpDirs = before[0].split(',').collect { new File(it) }
def now = tmpDirs.collectMany { dir ->
    (dir.list() ?: new String[0]).findAll { it.toLowerCase().contains('conscrypt') }.collect { "${dir}/${it}" }
}
def added = now - before.drop(1)
assert added.isEmpty(): "written into the temporary folder during the build: ${added}"
return true
