package io.jbuild.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jbuild.core.store.ArchiveFormat;
import io.jbuild.core.store.ArchiveLoader;
import io.jbuild.core.store.ArchiveWriter;
import io.jbuild.core.store.ImageStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The minbase Debian bookworm root file system the end-to-end tests build on (hello.py, the seed's nginx), as a tar
 * made once per machine with debootstrap and cached in /var/cache/jbuild-e2e, so that only the first run of a
 * machine pays for it. The image built from it is cached there too (as a docker archive), so that the next test
 * of a run loads it in seconds instead of building its 200 MB layer again. Tests that use it are skipped, not failed, when neither the cache nor Debian's mirror is
 * there, since then nothing of ours was tested. bench/compare.sh's apt row uses the same two files (and makes them
 * the same way when they are missing): a change of their names or making belongs in both.
 */
public final class DebianBase {

    private static final Path CACHE = Path.of("/var/cache/jbuild-e2e");
    private static final Path BASE_TAR = CACHE.resolve("debian-bookworm-minbase.tar");
    private static final Path IMAGE_TAR = CACHE.resolve("debian-bookworm-image.tar");

    /** The image name the tests tag it as; testdata's Dockerfiles start FROM it. */
    public static final String IMAGE = "jbuild-e2e/debian:bookworm";

    private DebianBase() {
    }

    /** Skips the calling test unless the base is cached or debootstrap can make it. */
    public static void assumeAvailable() {
        assumeTrue(Files.isRegularFile(BASE_TAR) || Files.isExecutable(Path.of("/usr/sbin/debootstrap")),
                "needs debootstrap (installed by .ci/run) or a cached base");
    }

    /** A build context (Dockerfile and the tar) in {@code dir} that makes {@link #IMAGE}. */
    public static Path context(Path dir) throws IOException, InterruptedException {
        Path tar = tar();
        Files.createDirectories(dir);
        Files.copy(tar, dir.resolve("debian.tar"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\nADD debian.tar /\nCMD [\"bash\"]\n");
        return dir;
    }

    /**
     * Puts {@link #IMAGE} in {@code store}: loaded from the cached archive, or built from {@link #context} in
     * {@code work} and then cached.
     */
    public static void image(ImageStore store, Path work) throws IOException, InterruptedException, BuildException {
        if (Files.isRegularFile(IMAGE_TAR)) {
            try (InputStream in = Files.newInputStream(IMAGE_TAR)) {
                if (new ArchiveLoader(store).load(in).tagged().stream()
                        .anyMatch(r -> r.familiarName().equals(IMAGE))) {
                    return;
                }
            } catch (IOException e) {
                // an archive this jbuild cannot read: built and cached anew below
            }
        }
        new ImageBuilder(store, null, 1).build(BuildRequest.builder(context(work)).tags(List.of(IMAGE)).build(),
                BuildListener.SILENT);
        Path tmpTar = Files.createTempFile(CACHE, "image-", ".tar.tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmpTar)) {
                new ArchiveWriter(store).write(List.of(IMAGE), ArchiveFormat.DOCKER, out);
            }
            Files.move(tmpTar, IMAGE_TAR, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmpTar);
        }
    }

    /** The rootfs tar, made with debootstrap on the first call on this machine. */
    public static Path tar() throws IOException, InterruptedException {
        if (Files.isRegularFile(BASE_TAR)) {
            return BASE_TAR;
        }
        Files.createDirectories(CACHE);
        Path rootfs = Files.createTempDirectory(CACHE, "rootfs-");
        Path tmpTar = Files.createTempFile(CACHE, "debian-", ".tar.tmp");
        try {
            int debootstrap = run(600, "debootstrap", "--variant=minbase", "bookworm", rootfs.toString(),
                    "http://deb.debian.org/debian");
            assumeTrue(debootstrap == 0, "debootstrap could not reach Debian's mirror (exit " + debootstrap + ")");
            assertThat(run(300, "tar", "--numeric-owner", "-C", rootfs.toString(), "-cf", tmpTar.toString(), "."))
                    .isZero();
            Files.move(tmpTar, BASE_TAR, StandardCopyOption.ATOMIC_MOVE);
            return BASE_TAR;
        } finally {
            Files.deleteIfExists(tmpTar);
            run(300, "rm", "-rf", rootfs.toString());
        }
    }

    private static int run(int seconds, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
