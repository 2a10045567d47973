def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(itSupport))
def lines = support.buildLog(basedir).readLines()
def target = new File(basedir, 'target')
def signature = new File(basedir, 'signature.txt').text.trim()

// 1: verified, then downloaded; the report and the lock file name the signature manifest
assert lines.any { it.contains('Verified the signature of 127.0.0.1:') && it.contains(signature) }
support.assertDownloaded(basedir, new File(target, 'signed'))
def report = new File(target, 'signed/download-report.json').text
assert report.contains('"format" : "cosign-simple-signing"') && report.contains(signature)
assert new File(target, 'signed.lock.json').text.contains("\"signature\" : \"${signature}\"")

// 2: one line naming the image, what is missing and the setting; nothing written, no pin
def reason = lines.find { it.contains('/it/signatures-unsigned:1.0 (sha256:') }
assert reason != null: 'no line says the unsigned image was refused'
assert reason.contains('has no signature') && reason.contains('<publicKeys> (-Dblob.publicKeys)')
assert lines.every { !it.trim().startsWith('at ') }: 'build.log has stack trace lines'
def out = new File(target, 'unsigned')
assert !out.exists() || out.list().length == 0: "files were written to $out"
assert !new File(target, 'unsigned.lock.json').exists()
return true
