import io.jbuild.maven.it.StoreImage
import java.nio.file.Path

Path store = Path.of(storeRoot)
def a = StoreImage.find(store, 'docker.io/library/module-a:1.0').orElseThrow { new AssertionError('no module-a:1.0') }
def b = StoreImage.find(store, 'docker.io/library/module-b:1.0').orElseThrow { new AssertionError('no module-b:1.0') }
assert a.layerPaths().contains('opt/a/module-a-1.0.jar')
assert !a.layerPaths().contains('opt/b/module-b-1.0.jar')
def bPaths = b.layerPaths()
assert bPaths.containsAll(['bin/busybox', 'opt/a/module-a-1.0.jar', 'opt/b/module-b-1.0.jar']) : bPaths
assert b.entrypoint() == ['/bin/busybox', 'ls', '/opt'] // inherited from module-a's image

String log = new File(basedir, 'build.log').text
assert log.contains('jbuild: no Dockerfile at') && log.contains('in this pom project; nothing to do')
assert log.contains('[INFO] #1 [1/2] FROM module-a:1.0')
return true
