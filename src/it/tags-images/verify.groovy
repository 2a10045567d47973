def expected = new Properties()
new File(basedir, 'expected.properties').withInputStream { expected.load(it) }
def log = new File(basedir, 'build.log').text

// The later plugin saw the properties the download set.
assert log.contains("web image 1.10.0 is ${expected['web.digest']}") : 'antrun did not echo the web digest'
assert log.contains("db image 16 is ${expected['db.digest']}") : 'antrun did not echo the db digest'
assert log.contains("Chose tag '1.10.0'") : 'the semver choice is not logged'

// One output folder shared by two images: a subfolder per image id.
def out = new File(basedir, 'target/downloaded_blobs')
def webManifest = new File(out, 'web/manifest.json')
def dbManifest = new File(out, 'db/manifest.json')
assert webManifest.isFile() && dbManifest.isFile()
assert !new File(out, 'manifest.json').exists()
assert new File(out, 'web/download-report.json').text.contains(expected['web.digest'])
assert new File(out, 'db/download-report.json').text.contains('"platform" : "linux/arm64/v8"')
assert new File(out, 'db/download-report.json').text.contains(expected['db.arm64.digest'])

// Both pins in one lock file.
def lock = new File(basedir, 'blob-lock.json').text
assert lock.contains(expected['web.digest']) && lock.contains(expected['db.digest'])
assert lock.contains('tagStrategy=semver linux/amd64')
return true
