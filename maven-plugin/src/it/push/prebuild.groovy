import io.jbuild.maven.it.TestRegistry

String host = TestRegistry.start(basedir.toPath().resolve('registry'), 'it-user', 'it-secret')
new File(basedir, 'registry/host').text = host
// The Dockerfile's base image is on this registry too: the build must pull it with the settings.xml login.
TestRegistry.pushBaseImage(basedir.toPath().resolve('registry'), host + '/it/base:1', 'it-user', 'it-secret')
context.get('userProperties').put('it.registry', host) // passed to mvn as -Dit.registry=...
// The tests' settings (the file:// mirror) plus a server for this registry.
TestRegistry.writeSettings(basedir.parentFile.toPath().resolve('interpolated-settings.xml'),
        basedir.toPath().resolve('settings-push.xml'), host, 'it-user', 'it-secret')
return true
