// mvn package built the image: tagged in the store, the jar in a layer, the right entrypoint, reproducible time,
// properties for later plugins, the step lines in the log; skopeo reads it; and it runs.
import io.jbuild.maven.it.StoreImage
import java.nio.file.Files
import java.nio.file.Path

String ref = 'docker.io/library/sample-app:1.0-SNAPSHOT'
Path store = Path.of(storeRoot)
StoreImage image = StoreImage.find(store, ref).orElseThrow { new AssertionError("the store has no tag " + ref) }

assert image.entrypoint() == ['/bin/busybox', 'sh', '-c', 'echo hello from $(/bin/busybox ls /app)']
assert image.config().path('config').path('WorkingDir').asText() == '/app'
assert image.config().path('created').asText() == '2024-01-01T00:00:00Z' // project.build.outputTimestamp
def labels = image.config().path('config').path('Labels')
assert labels.path('greeting').asText() == 'hello'
assert labels.path('from.env').asText() == 'set in the environment'  // <FROM_ENV/>: from the environment
def paths = image.layerPaths()
assert paths.contains('app/Sample-App-1.0-SNAPSHOT.jar') : paths
assert paths.contains('bin/busybox') : paths

def props = new Properties()
new File(basedir, 'target/image/image.properties').withInputStream { props.load(it) }
assert props.imageId == image.configDigest()
assert props.imageDigest == image.manifestDigest()

// jib's files for later CI steps, under jbuild's names: digests without a line break, the JSON jib writes.
assert new File(basedir, 'target/jbuild-image.digest').text == image.manifestDigest()
assert new File(basedir, 'target/jbuild-image.id').text == image.configDigest()
def json = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/jbuild-image.json'))
assert json == [image: ref, imageId: image.configDigest(), imageDigest: image.manifestDigest(),
                tags: ['1.0-SNAPSHOT'], imagePushed: false]

String log = new File(basedir, 'build.log').text
assert log.contains('[INFO] jbuild: built image ' + ref + ' with digest ' + image.manifestDigest())
assert log.contains('[INFO] jbuild lint: Dockerfile: 0 errors, 0 warnings, 0 other findings')
assert log.contains('[INFO] #1 [1/7] FROM scratch')
assert log.contains('[INFO] #5 [5/7] COPY target/*.jar /app/')
assert log.contains('naming to ' + ref + ' done')

if (Files.isExecutable(Path.of('/usr/bin/skopeo'))) {
    def p = ['/usr/bin/skopeo', 'inspect', 'oci:' + image.layout() + ':' + ref].execute()
    def out = new StringBuilder(), err = new StringBuilder()
    p.waitForProcessOutput(out, err)
    assert p.exitValue() == 0 : err
    assert out.toString().contains(image.manifestDigest())
    p = ['/usr/bin/skopeo', 'inspect', 'oci-archive:' + new File(basedir, 'target/image-oci.tar')].execute()
    out = new StringBuilder(); err = new StringBuilder()
    p.waitForProcessOutput(out, err)
    assert p.exitValue() == 0 : err
    assert out.toString().contains(image.manifestDigest())
} else {
    assert new File(basedir, 'target/image-oci.tar').length() > 0
}

// Running needs root and runc (RUN's executor); where they are, the image's entrypoint must print the jar.
if (System.getProperty('user.name') == 'root' && Files.isExecutable(Path.of('/usr/sbin/runc'))) {
    def lines = []
    def runner = new io.jbuild.core.run.ContainerRunner(io.jbuild.core.store.ImageStore.open(store))
    int code = runner.run(new io.jbuild.core.run.RunOptions(ref, [], Optional.empty(), [], Optional.empty(),
            Optional.empty(), [], io.jbuild.core.exec.NetworkMode.NONE),
            { stream, line -> lines << line } as io.jbuild.core.exec.OutputSink)
    println "ran ${ref}: exit ${code}, output ${lines}"
    assert code == 0 : lines
    assert lines == ['hello from Sample-App-1.0-SNAPSHOT.jar']
}
return true
