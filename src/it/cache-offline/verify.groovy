import java.nio.file.Files

def log = new File(basedir, "build.log").text
def target = new File(basedir, "target")
def layers = new File(basedir, "layers.txt").readLines()

// 2: offline by tag
assert log.contains("offline mode (-o): image 127.0.0.1:") && log.contains("names a tag") :
        "no clear offline failure for a tag in build.log"
assert !new File(target, "by-tag").exists()

// 3: offline by digest, every blob from the cache, as copies of their own (an edit in one output reaches
// neither the cache nor another output)
assert log =~ /Pulled [^\n]*@sha256:[0-9a-f]{64}: 3 blob\(s\), 0 B downloaded in [^\n]*, 3 from cache, 0 already in place/
def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(itSupport))
layers.each { hex ->
    def first = new File(target, "first/${hex}.tar.gz").toPath()
    def offline = new File(target, "offline/${hex}.tar.gz").toPath()
    def entry = new File(target, "blob-cache/blobs/sha256/${hex}").toPath()
    assert support.sha256(offline.toFile()) == "sha256:${hex}"
    assert !Files.isSameFile(first, offline) && !Files.isSameFile(entry, offline) : "${offline} is linked"
}

// 4: the re-run with verifyExisting re-hashed what is there and downloaded nothing
assert log =~ /Pulled [^\n]*:1\.0: 3 blob\(s\), 0 B downloaded in [^\n]*, 0 from cache, 3 already in place/
return true
