// Needs Debian's docker-registry and htpasswd (apache2-utils); .ci/run installs both.
return io.jbuild.maven.it.TestRegistry.available()
