import io.jbuild.maven.it.TestRegistry

// The registry both runners share, with a login; the base image is on it too, so runner B's store starts empty.
String host = TestRegistry.start(basedir.toPath().resolve('registry'), 'it-user', 'it-secret')
new File(basedir, 'registry/host').text = host
TestRegistry.pushBaseImage(basedir.toPath().resolve('registry'), host + '/it/base:1', 'it-user', 'it-secret')
context.get('userProperties').put('it.registry', host) // passed to mvn as -Dit.registry=...
// The tests' settings (the file:// mirror) plus a server for this registry.
TestRegistry.writeSettings(basedir.parentFile.toPath().resolve('interpolated-settings.xml'),
        basedir.toPath().resolve('settings-cache.xml'), host, 'it-user', 'it-secret')
return true
