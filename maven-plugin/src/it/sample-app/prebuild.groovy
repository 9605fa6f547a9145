// The image's only program: Debian's static busybox (busybox-static), copied into the build context.
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption

Path busybox = Path.of('/bin/busybox')
if (!Files.isExecutable(busybox)) {
    throw new IllegalStateException('/bin/busybox is missing: install busybox-static (.ci/run does)')
}
Files.copy(busybox, basedir.toPath().resolve('busybox'), StandardCopyOption.REPLACE_EXISTING)
return true
