import io.jbuild.maven.it.StoreImage
import java.nio.file.Path

String log = new File(basedir, 'build.log').text
assert log.contains('Dockerfile:2:6: error: unknown flag: --frm (did you mean --from?)') : log
assert log =~ /Failed to execute goal io\.jbuild:jbuild-maven-plugin:.*:build .*Dockerfile:2:6/
assert !StoreImage.find(Path.of(storeRoot), 'docker.io/library/dockerfile-error:1.0').isPresent()
return true
