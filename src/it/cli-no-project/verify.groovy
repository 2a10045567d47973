// Without a project the blobs land in ./downloaded_blobs of the folder Maven ran in.
def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(itSupport))
support.assertDownloaded(basedir, new File(basedir, 'downloaded_blobs'))
assert !new File(basedir, 'target').exists(): 'a command-line call without a project must not create target/'
assert support.buildLog(basedir).contains("Resolved 127.0.0.1:${registryPort}/it/cli-no-project:2.0 to sha256:")
return true
