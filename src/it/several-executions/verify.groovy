def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(itSupport))
def expected = new Properties()
new File(basedir, 'expected.properties').withInputStream { expected.load(it) }
def log = support.buildLog(basedir)
def reg = "127.0.0.1:${registryPort}/it-several"

// Each execution pulled the image its own configuration names.
assert log.contains("Resolved ${reg}/app:1.0 to ${expected.app}")
assert log.contains("Resolved ${reg}/other:2.0 to ${expected.other}")
assert log.contains("Resolved ${reg}/third:latest to ${expected.third}")
[app: 'app', other: 'other', set: 'third'].each { dir, image ->
    def report = new File(basedir, "target/${dir}/download-report.json")
    assert report.isFile(): "no report in target/${dir}"
    assert report.text.contains(expected[image]): "target/${dir} holds another image"
}

// The results reach later plugins under their own names.
assert log.contains("last single image 2.0 is ${expected.other}")
assert log.contains("third image latest is ${expected.third}")
return true
