// The tag names an OCI image index with one image per platform of jbuild.platforms, each config of its platform.
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path

Path layout = Path.of(storeRoot, 'oci')
def slurper = new JsonSlurper()
def blob = { String digest -> slurper.parse(layout.resolve('blobs/sha256/' + digest.substring(7)).toFile()) }
def entry = slurper.parse(layout.resolve('index.json').toFile()).manifests.find {
    it.annotations?.get('org.opencontainers.image.ref.name') == 'docker.io/library/platforms:1.0'
}
assert entry != null : 'the store has no tag platforms:1.0'
assert entry.mediaType == 'application/vnd.oci.image.index.v1+json'
def index = blob(entry.digest)
assert index.manifests.collect { it.platform.os + '/' + it.platform.architecture } == ['linux/amd64', 'linux/arm64']
index.manifests.each { m ->
    assert blob(blob(m.digest).config.digest).architecture == m.platform.architecture
}
return true
