import io.jbuild.maven.it.StoreImage
import java.nio.file.Path

String log = new File(basedir, 'build.log').text
assert log.contains('[ERROR] Dockerfile:3:9: error DL3000: Use absolute WORKDIR') : log
assert log.contains('[WARNING] Dockerfile:3:9: warning WorkdirRelativePath:')
assert log =~ /Failed to execute goal io\.jbuild:jbuild-maven-plugin:.*:lint .*Dockerfile: 1 error, 1 warning, 0 other findings \(failOnError\)/
assert !log.contains('#1 [1/4] FROM scratch') // lint runs in validate; the build never started
assert !StoreImage.find(Path.of(storeRoot), 'docker.io/library/lint-error:1.0').isPresent()
return true
