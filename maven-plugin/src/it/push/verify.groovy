import io.jbuild.maven.it.StoreImage
import io.jbuild.maven.it.TestRegistry
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Path

Path registry = basedir.toPath().resolve('registry')
try {
    String host = new File(basedir, 'registry/host').text
    String ref = host + '/it/pushed:1.0'
    def image = StoreImage.find(Path.of(storeRoot), ref).orElseThrow { new AssertionError('not in the store: ' + ref) }

    // The base came from the registry, pulled with the settings.xml login; the image has its layer and ours.
    def base = StoreImage.find(Path.of(storeRoot), host + '/it/base:1').orElseThrow { new AssertionError('base not pulled') }
    assert base.layerPaths() == ['base.txt']
    assert image.layerPaths() == ['base.txt', 'pom.xml']

    String log = new File(basedir, 'build.log').text
    assert log.contains('pushed ' + ref + ' ' + image.manifestDigest()) : log

    def client = HttpClient.newHttpClient()
    def manifest = { String auth ->
        def request = HttpRequest.newBuilder(URI.create("http://${host}/v2/it/pushed/manifests/1.0"))
                .header('Accept', 'application/vnd.oci.image.manifest.v1+json')
                .method('HEAD', HttpRequest.BodyPublishers.noBody())
        if (auth != null) {
            request.header('Authorization', 'Basic ' + Base64.encoder.encodeToString(auth.bytes))
        }
        client.send(request.build(), HttpResponse.BodyHandlers.discarding())
    }
    assert manifest(null).statusCode() == 401 // so the push must have used the settings.xml login
    def found = manifest('it-user:it-secret')
    assert found.statusCode() == 200
    assert found.headers().firstValue('Docker-Content-Digest').get() == image.manifestDigest()
} finally {
    TestRegistry.stop(registry)
}
return true
