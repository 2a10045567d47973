import groovy.json.JsonSlurper

def digest = new File(basedir, "pushed-digest.txt").text.trim()
def installed = new File(localRepositoryPath, "it/layouts/layout-attach/1.0")
def ociTar = new File(installed, "layout-attach-1.0-image.tar")
def dockerTar = new File(installed, "layout-attach-1.0-docker.tar")
assert ociTar.isFile() : "OCI layout not installed: ${ociTar}"
assert dockerTar.isFile() : "docker-archive not installed: ${dockerTar}"
assert new File(basedir, "target/archive/layout-attach-v1.tar").isFile()

def log = new File(basedir, "build.log").text
assert log.contains("Attached ") && log.contains("classifier image") && log.contains("classifier docker")

def skopeo(String... args) {
    def cmd = ["skopeo"] + args.toList()
    def proc
    try {
        proc = cmd.execute()
    } catch (IOException e) {
        throw new AssertionError("skopeo not found: install it with `apt-get install -y skopeo`", e)
    }
    def out = new StringBuilder(), err = new StringBuilder()
    proc.waitForProcessOutput(out, err)
    assert proc.exitValue() == 0 : "${cmd.join(' ')} failed: ${err}"
    return out.toString()
}

// The packed OCI layout is an oci-archive; the docker-archive is read as such.
def oci = new JsonSlurper().parseText(skopeo("inspect", "oci-archive:${ociTar}:v1"))
assert oci.Digest == digest
def docker = new JsonSlurper().parseText(skopeo("inspect", "docker-archive:${dockerTar}"))
assert docker.Layers.size() == 2

// A Docker-format image: converted to OCI media types by default, the registry's bytes with ociMediaTypes=false.
def dockerDigest = new File(basedir, "pushed-docker-digest.txt").text.trim()
def converted = new JsonSlurper().parse(new File(basedir, "target/oci-converted/index.json")).manifests[0]
assert converted.mediaType == "application/vnd.oci.image.manifest.v1+json"
assert converted.digest != dockerDigest
assert converted.annotations["io.github.blobdownloader.registry.digest"] == dockerDigest
def kept = new JsonSlurper().parse(new File(basedir, "target/oci-kept/index.json")).manifests[0]
assert kept.mediaType == "application/vnd.docker.distribution.manifest.v2+json"
assert kept.digest == dockerDigest
return true
