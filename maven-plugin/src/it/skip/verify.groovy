import io.jbuild.maven.it.StoreImage
import java.nio.file.Path

String log = new File(basedir, 'build.log').text
assert log.count('jbuild: skipped (jbuild.skip)') == 2 // lint and build
assert !StoreImage.find(Path.of(storeRoot), 'docker.io/library/skip-me:1.0').isPresent()
// jbuild:help lists the goals (the prefix resolves from the POM's plugin, offline)
assert log.contains('jbuild:build')
assert log.contains('jbuild:lint')
assert log.contains('jbuild:push')
return true
