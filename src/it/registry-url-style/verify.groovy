def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(itSupport))
support.assertDownloaded(basedir, new File(basedir, 'downloaded_blobs'))
assert support.buildLog(basedir).contains("Resolved 127.0.0.1:${registryPort}/it/registry-url-style:3.1 to sha256:")
return true
