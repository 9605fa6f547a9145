import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption

Path busybox = Path.of('/bin/busybox')
if (!Files.isExecutable(busybox)) {
    throw new IllegalStateException('/bin/busybox is missing: install busybox-static (.ci/run does)')
}
Files.copy(busybox, basedir.toPath().resolve('module-a/busybox'), StandardCopyOption.REPLACE_EXISTING)
return true
