def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(itSupport))
def log = support.buildLog(basedir)
def registry = "127.0.0.1:${authRegistryPort}"

// The plugin's info lines: every [INFO] line but Maven's own (headers, reactor order and summary, build result).
def maven = ~/\[INFO\] (-{3,}.*|Building .*|BUILD .*|Total time.*|Finished at.*|Reactor .*|Error stacktraces .*|Scanning .*|Using the MultiThreadedBuilder .*|[\w-]+ +\[pom\]|[\w-]+ \.+ SUCCESS .*| +from \S*pom\.xml|\s*)/
def ours = log.readLines().findAll { it.startsWith('[INFO] ') && !(it ==~ maven) }
assert ours.size() >= 3 * 4: "too few plugin lines:\n${ours.join('\n')}"
ours.each { line ->
    assert (line =~ /it\/reactor-logs\/[abc]/): "a line that names no image: ${line}"
}
['a', 'b', 'c'].each { m ->
    def image = "${registry}/it/reactor-logs/${m}:1.0"
    def folder = new File(basedir, "${m}/target/downloaded_blobs").canonicalPath
    def mine = ours.findAll { it.contains(image) }
    def one = { String start, String end -> mine.count { it.startsWith("[INFO] ${start}") && it.endsWith(end) } == 1 }
    // Credentials, resolution (with its folder), the pull, the summary (with its folder), the result properties.
    assert one("Using credentials for ${registry}: user 'it-user' from settings.xml server '${registry}'", "(for ${image})"): mine
    assert one("Resolved ${image} to sha256:", " -> ${folder}"): mine
    assert one("Pulled ${image}: 4 blob(s)", 'already in place'): mine
    assert one("Downloaded ", " -> ${folder}") && mine.any { it.contains("blob(s) of ${image}, ") }: mine
    assert one('Set blob.result.digest=sha256:', " from ${image}"): mine
}
// -ntp: the plugin's progress lines follow Maven's transfer progress, which -ntp turns off.
assert (log =~ /Transfer progress: off, as Maven's \(-ntp or -q\)/).count == 3
assert !(log =~ /\(\d+%\) at /): 'a progress line despite -ntp'
return true
