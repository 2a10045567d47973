def log = new File(basedir, "build.log").text
assert log.contains("Image 127.0.0.1:1/it-network-mirror/app:v1 is served by the mirror http://127.0.0.1:")
new File(basedir, "expected-layers.txt").readLines().each { hex ->
    assert new File(basedir, "target/downloaded_blobs/${hex}.tar.gz").isFile()
}
assert new File(basedir, "target/downloaded_blobs/manifest.json").isFile()
return true
