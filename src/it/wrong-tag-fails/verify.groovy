def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(itSupport))
def lines = support.buildLog(basedir).readLines()

// The reason is one line that names the tag, the repository, what exists and the fix.
def reason = lines.find { it.contains("tag '9.9' not found") }
assert reason != null: 'no line says the tag was not found'
assert reason.contains("127.0.0.1:${registryPort}/it/wrong-tag")
def listed = (reason =~ /available tags: ([^;]+);/)
assert listed.find(): 'the message lists no tags'
assert (listed.group(1).split(', ') as Set) == (['1.0', '1.1'] as Set)
assert reason.contains('-Dblob.tag')
assert reason.count('not found') == 1: 'the cause is appended to the message'
assert lines.every { !it.trim().startsWith('at ') }: 'build.log has stack trace lines'
assert lines.any { it.contains('BUILD FAILURE') }

def out = new File(basedir, 'downloaded_blobs')
assert !out.exists() || out.list().length == 0: "files were written to $out"
return true
