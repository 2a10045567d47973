import io.github.blobdownloader.testing.ExternalTool

def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(itSupport))
def expected = new Properties()
new File(basedir, support.EXPECTED).withInputStream { expected.load(it) }
def log = support.buildLog(basedir)
def shared = new File(basedir, 'target/shared')
def name = "127.0.0.1:${registryPort}/it/parallel-modules-one-folder:1.0"

// Every module pulled in every layout; across the twelve pulls each blob was downloaded once (the cache).
assert (log =~ /Pulled [^\n]*parallel-modules-one-folder:1\.0: 5 blob\(s\)/).count == 12
def downloaded = (log =~ /Downloaded (\d+) blob\(s\)/).collect { it[1] as int }
assert downloaded.size() == 12 && downloaded.sum() == 5: "downloads per pull: ${downloaded}"

// blobs: every file whole and right.
support.assertDownloaded(basedir, new File(shared, 'blobs'))

// oci: one index entry, read by skopeo and umoci.
def oci = new File(shared, 'oci')
def inspected = new groovy.json.JsonSlurper().parseText(ExternalTool.skopeo().run('inspect', "oci:${oci}:1.0"))
assert inspected.Digest == expected.manifest
assert ExternalTool.umoci().run('ls', '--layout', oci.path).strip() == '1.0'
assert new groovy.json.JsonSlurper().parse(new File(oci, 'index.json')).manifests.size() == 1

// docker-archive: the archive and the report only, loaded by podman as the image it names.
def archiveDir = new File(shared, 'archive')
assert (archiveDir.list() as List).sort() == ['download-report.json', 'parallel-modules-one-folder-1.0.tar']
def archive = new File(archiveDir, 'parallel-modules-one-folder-1.0.tar')
ExternalTool.skopeo().run('inspect', "docker-archive:${archive}")
def podman = ExternalTool.podman()
try {
    assert podman.run('load', '-i', archive.path).contains(name)
    assert podman.run('image', 'inspect', '--format', '{{.Id}}', name).strip() == expected.config - 'sha256:'
} finally {
    podman.runAllowingFailure('rmi', '-f', name)
}
return true
