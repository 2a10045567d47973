def log = new File(basedir, "build.log").text
assert log.contains("cannot pull 127.0.0.1:") && log.contains("Maven is in offline mode (-o)")
assert !new File(basedir, "target/downloaded_blobs").exists()
return true
