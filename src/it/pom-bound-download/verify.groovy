def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(itSupport))
support.assertDownloaded(basedir, new File(basedir, 'target/downloaded_blobs'))

def expected = new Properties()
new File(basedir, 'expected.properties').withInputStream { expected.load(it) }
def log = support.buildLog(basedir)
assert log.contains("Resolved 127.0.0.1:${registryPort}/it/pom-bound:1.0 (linux/arm64/v8) to ${expected.manifest}")
return true
