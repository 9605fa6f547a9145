package io.jbuild.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jbuild.cli.CliRunner;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** The fault tests' inputs: a store holding the busybox base, contexts with a large file and RUN steps. */
final class Fixtures {

    static final String BASE = "jbuild/busybox:latest";

    /** Fixed times make images comparable across stores: a rebuild after a crash must give the same ID. */
    static final String EPOCH = "1700000000";

    private Fixtures() {
    }

    static void assumeRunc() {
        assumeTrue(isRoot() && Files.isExecutable(Path.of("/usr/sbin/runc")) && Files.isExecutable(Path.of("/bin/busybox")),
                "needs root, runc and busybox-static (installed by .ci/run)");
    }

    static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path sharedBase;

    /**
     * A store holding only the busybox base, built once per test JVM (the fault tests copy it); deleted when the
     * JVM exits.
     */
    static synchronized Path base() throws IOException {
        if (sharedBase == null) {
            Path dir = Files.createTempDirectory("jbuild-faults-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    delete(dir);
                } catch (IOException | InterruptedException e) {
                    // a temporary directory: the system cleans it eventually
                }
            }));
            baseStore(dir.resolve("store"), dir);
            sharedBase = dir.resolve("store");
        }
        return sharedBase;
    }

    /** Builds the busybox base into a new store at {@code root} (the testdata Dockerfile, in process). */
    static void baseStore(Path root, Path work) throws IOException {
        Path ctx = Files.createDirectories(work.resolve("busybox-ctx"));
        Files.copy(CliRunner.testdata().resolve("busybox/Dockerfile"), ctx.resolve("Dockerfile"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Path.of("/bin/busybox"), ctx.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.COPY_ATTRIBUTES);
        CliRunner.Outcome o = CliRunner.run("build", "-q", "--root", root.toString(), "--source-date-epoch", EPOCH,
                "-t", BASE, ctx.toString());
        assertThat(o.exitCode()).as(o.err()).isZero();
    }

    /** A copy of a store (cp -a keeps owners, modes and hard links of the snapshots). */
    static void copyStore(Path from, Path to) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("cp", "-a", from.toString(), to.toString()).inheritIO().start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }

    /**
     * A context whose build does what the crash tests kill: a COPY of a {@code bigBytes} file of random (so
     * incompressible) bytes, two RUN steps writing files, and a small COPY.
     */
    static Path crashContext(Path dir, long bigBytes, long seed) throws IOException {
        Files.createDirectories(dir);
        writeRandom(dir.resolve("big.bin"), bigBytes, seed);
        Files.writeString(dir.resolve("small.txt"), "small\n");
        Files.writeString(dir.resolve("Dockerfile"), """
                FROM %s
                COPY big.bin /data/big.bin
                RUN echo one > /one && echo running && sleep 0.5
                RUN head -c 4000000 /data/big.bin > /two && sleep 0.3
                COPY small.txt /small.txt
                """.formatted(BASE));
        return dir;
    }

    /** Streams {@code size} pseudo-random bytes (from {@code seed}) to a file. */
    static void writeRandom(Path file, long size, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
    }

    /** {@code jbuild build} arguments for a plain-progress, reproducible build. */
    static List<String> buildArgs(Path root, String tag, Path context) {
        return List.of("build", "--progress", "plain", "--root", root.toString(), "--source-date-epoch", EPOCH,
                "-t", tag, context.toString());
    }

    /** rm -rf (the snapshots hold root-owned, read-only trees). */
    static void delete(Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("rm", "-rf", dir.toString()).inheritIO().start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    }
}
