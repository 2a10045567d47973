// tags lists every tag in semver order and marks the pick, and with newest says what it requested; inspect
// prints the index's platforms, and with -Dblob.format=json one JSON document (in -Dblob.outputFile, or on
// standard output); nothing is downloaded.
import groovy.json.JsonSlurper

def expected = new Properties()
new File(basedir, 'tags-expected.properties').withInputStream { expected.load(it) }
def log = new File(basedir, 'build.log').text

// tags: the pick is 1.10.0 (not the lexical 1.9.0), pre-releases and non-versions are listed but not picked.
def picked = log.readLines().findAll { it.contains('* 1.10.0') }
assert !picked.isEmpty(): "tags marks 1.10.0 as the pick"
assert log.indexOf('1.10.0') < log.indexOf('  1.9.0'): 'semver order: 1.10.0 before 1.9.0'
assert log.contains('2.0.0-rc.1') && log.contains('edge')

// inspect, text: the index digest and both platforms with their manifest digests.
assert log.contains(expected['1.10.0'])
assert log.contains('linux/amd64') && log.contains('linux/arm64/v8')
assert log.contains(expected['1.10.0.arm64'])

// inspect, json into -Dblob.outputFile: one JSON document, whatever Maven does with standard output.
def json = new JsonSlurper().parse(new File(basedir, 'inspect.json'))
assert json.digest == expected['1.9.0']
assert json.images[0].layers*.digest.contains(expected['1.9.0.layer'])

// inspect, json on standard output (-q): the document is printed (Maven 4 prefixes each line with [stdout]).
assert log.contains('"digest" : "' + expected['1.9.0'] + '"')

// tags with newest: digests by HEAD, each distinct manifest (4 images, the index and its amd64 image) and config
// fetched once, and the log says so.
assert log =~ /Inspected 5 tag\(s\) of \S+\/it\/tags-inspect to find the newest: 5 HEAD request\(s\), 6 manifest\(s\) and 5 distinct config\(s\) fetched/

assert !new File(basedir, 'downloaded_blobs').exists(): 'tags and inspect download nothing'
assert !log.contains('\tat io.github')
return true
