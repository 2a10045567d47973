def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(itSupport))
support.assertDownloaded(basedir, new File(basedir, 'target/downloaded_blobs'))
// build.log: the hook scripts' lines and the Maven version (showVersion; Maven 4's -q -V prints the number
// alone), and nothing from the build.
def lines = support.buildLog(basedir).replaceAll(/\u001B\[[0-9;]*m/, '').readLines()
def header = ~/(Running|Finished) (pre|post)-build script: .*|(Apache Maven|Maven home|Java version|Default locale|OS name)\b.*|\d+\.\d+\.\d+\S*|\s*/
def build = lines.findAll { !(it ==~ header) }
assert build.isEmpty(): "-q printed:\n${build.join('\n')}"
return true
