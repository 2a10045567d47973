// Offline (-o) with an image named by tag: only the registry knows the digest, so the build fails with one
// line that says so and how to pin the image; nothing is written.
def log = new File(basedir, "build.log").text
assert log.contains("offline mode (-o): image 127.0.0.1:") && log.contains("names a tag")
assert log.contains("<lockFile>")
assert !log.contains("\tat io.github"): "no stack trace"
assert !new File(basedir, "target/downloaded_blobs").exists()
return true
