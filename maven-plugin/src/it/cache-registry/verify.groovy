// Runner B, an empty store, built from runner A's registry cache: every step CACHED, and A's image digest.
import groovy.json.JsonSlurper
import io.jbuild.maven.it.StoreImage
import io.jbuild.maven.it.TestRegistry
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Path

Path registry = basedir.toPath().resolve('registry')
try {
    String host = new File(basedir, 'registry/host').text
    String ref = 'docker.io/library/cache-registry:1.0'
    def a = StoreImage.find(basedir.toPath().resolve('store-a'), ref).orElseThrow { new AssertionError('not in store A') }
    def b = StoreImage.find(basedir.toPath().resolve('store-b'), ref).orElseThrow { new AssertionError('not in store B') }
    assert b.manifestDigest() == a.manifestDigest()
    assert b.layerPaths() == ['base.txt', 'app/', 'app/deps/', 'app/deps/pom.xml', 'app/', 'app/Dockerfile']

    // The invocations log one after another; each starts with Maven's "Scanning for projects".
    String log = new File(basedir, 'build.log').text
    def runs = log.split(/\[INFO\] Scanning for projects\.\.\./).drop(1)
    assert runs.size() == 2 : log
    String runnerA = runs[0], runnerB = runs[1]
    // The COPY steps, #N and text: the deps stage's (exported by mode=max) and the final stage's two.
    def copies = { String text -> (text =~ /(?m)^\[INFO\] (#\d+) \[[^\]]+\] COPY .*$/).collect { it[1] } }
    def ended = { String text, String how -> (text =~ /(?m)^\[INFO\] (#\d+) ${how}\b/).collect { it[1] } as Set }
    assert copies(runnerA).size() == 3 : runnerA
    assert copies(runnerB).size() == 3 : runnerB
    assert ended(runnerA, 'CACHED').isEmpty() : runnerA
    assert ended(runnerA, 'DONE').containsAll(copies(runnerA)) : runnerA
    assert ended(runnerB, 'CACHED') == copies(runnerB) as Set : runnerB
    assert ended(runnerB, 'DONE').intersect(copies(runnerB)).isEmpty() : runnerB
    // B pulled the base (its store was empty) and read the cache without a warning (Maven's own warnings about
    // the file:// mirror come before the build's first line).
    int pulled = runnerB.indexOf('[INFO] pulling ' + host + '/it/base:1')
    assert pulled >= 0 : runnerB
    String buildB = runnerB.substring(pulled)
    assert !buildB.contains('[WARNING]') : buildB
    // Import and export show in the log as BuildKit prints them, blocks of their own.
    assert runnerA =~ /(?m)^\[INFO\] #\d+ exporting cache to registry ${host}\/it\/cache:main$/ : runnerA
    assert runnerA =~ /(?m)^\[INFO\] #\d+ writing cache manifest sha256:[0-9a-f]{64} done$/ : runnerA
    assert runnerB =~ /(?m)^\[INFO\] #\d+ importing cache manifest from ${host}\/it\/cache:main$/ : runnerB

    // The ref holds a BuildKit cache container: an OCI manifest whose config is a cache config.
    def request = HttpRequest.newBuilder(URI.create("http://${host}/v2/it/cache/manifests/main"))
            .header('Accept', 'application/vnd.oci.image.manifest.v1+json')
            .header('Authorization', 'Basic ' + Base64.encoder.encodeToString('it-user:it-secret'.bytes)).build()
    def response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString())
    assert response.statusCode() == 200 : response.body()
    def manifest = new JsonSlurper().parseText(response.body())
    assert manifest.config.mediaType == 'application/vnd.buildkit.cacheconfig.v0'
    assert manifest.layers.size() == 3
} finally {
    TestRegistry.stop(registry)
}
return true
