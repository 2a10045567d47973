import java.security.MessageDigest

def out = new File(basedir, 'target/downloaded_blobs')
new File(basedir, 'expected-layers.txt').readLines().each { digest ->
    def file = new File(out, (digest - 'sha256:') + '.tar.gz')
    assert file.isFile(): "missing $file"
    def md = MessageDigest.getInstance('SHA-256')
    md.update(file.bytes)
    assert 'sha256:' + md.digest().encodeHex() == digest
}
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('[DEBUG]'): 'the build did not run with -X'
assert log =~ /Apache Maven 4\./: 'this IT is for Maven 4'
// Maven 4 warns about passwords in the legacy format; this one is in its own.
assert !log.contains('legacy encrypted password'): 'Maven 4 saw a legacy password'
assert log.contains("Using credentials for 127.0.0.1:${authRegistryPort}: user 'it-user' from settings.xml server 'it-encrypted4'")
['It-Secret-Pw-4f1d9a', 'It-Master4-Pw-3b7e05', 'it-user:It-Secret-Pw-4f1d9a'.bytes.encodeBase64().toString()].each {
    assert !log.contains(it): 'a secret appears in build.log'
}
return true
