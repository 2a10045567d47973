def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(itSupport))
def log = support.buildLog(basedir)
assert log.contains('Skipping: blob.skip is true')
assert !log.contains('Resolved ')
assert !new File(basedir, 'downloaded_blobs').exists()
return true
