// A project holding only 'dockerfile' is linted and built from it (even as a pom project, which is skipped only
// when it has no Dockerfile at all).
import io.jbuild.maven.it.StoreImage
import java.nio.file.Path

String ref = 'docker.io/library/lowercase-dockerfile:1.0'
StoreImage image = StoreImage.find(Path.of(storeRoot), ref).orElseThrow { new AssertionError("the store has no tag " + ref) }
assert image.layerPaths().contains('from-lower-case-dockerfile.txt') : image.layerPaths()
String log = new File(basedir, 'build.log').text
assert log.contains('jbuild lint: dockerfile: 0 errors') : log
return true
