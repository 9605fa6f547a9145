String log = new File(basedir, 'build.log').text
assert log.contains('Dockerfile:2:1: error: image example.invalid/jbuild-it/base:never-pulled is not in the local '
        + 'jbuild store and Maven is offline (-o)') : log
assert !log.contains('pulling ') // the engine was never asked
return true
