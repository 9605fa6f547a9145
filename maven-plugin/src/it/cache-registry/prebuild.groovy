import io.jbuild.maven.it.TestRegistry

// The registry both runners share, with a login; the base image is on it too, so runner B's store starts empty.
String host = TestRegistry.start(basedir.toPath().resolve('registry'), 'it-user', 'it-secret')
new File(basedir, 'registry/host').text = host
TestRegistry.pushBaseImage(basedir.toPath().resolve('registry'), host + '/it/base:1', 'it-user', 'it-secret')
context.get('userProperties').put('it.registry', host) // passed to mvn as -Dit.registry=...
// The tests' settings (the file:// mirror) plus a server for this registry.
String settings = new File(basedir.parentFile, 'interpolated-settings.xml').text
new File(basedir, 'settings-cache.xml').text = settings.replace('</settings>', """\
  <servers>
    <server>
      <id>${host}</id>
      <username>it-user</username>
      <password>it-secret</password>
    </server>
  </servers>
</settings>
""")
return true
