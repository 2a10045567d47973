import groovy.json.JsonSlurper

def expected = new Properties()
new File(basedir, 'expected.properties').withInputStream { expected.load(it) }
def shared = new File(basedir, 'target/shared')
def report = new JsonSlurper().parse(new File(shared, 'download-report.json'))
def registry = "127.0.0.1:${registryPort}/it/shared-report"

// Three images, one entry each, sorted; every blob file it names is in the folder.
assert !report.containsKey('image'): 'several images: no single image at the top'
assert report.pulls*.image == ['cache', 'db', 'web'].collect { "${registry}/${it}".toString() }
report.pulls.each { entry ->
    def name = entry.image.tokenize('/').last()
    assert entry.tag == '1.0' && entry.digest == expected[name]
    entry.images[0].blobs.each { assert new File(shared, it.file).isFile(): "missing ${it.file}" }
}
// The report's lock is gone (index.json's stays, as the OCI layout keeps it).
assert !new File(shared, '.download-report.json.lock').exists()
return true
