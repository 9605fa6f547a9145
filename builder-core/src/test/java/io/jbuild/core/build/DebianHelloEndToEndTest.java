package io.jbuild.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jbuild.core.exec.NetworkMode;
import io.jbuild.core.exec.Seccomp;
import io.jbuild.core.exec.OutputSink;
import io.jbuild.core.run.ContainerRunner;
import io.jbuild.core.run.RunOptions;
import io.jbuild.core.store.ImageStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's real hello.py, end to end: a Debian base made with debootstrap (cached in /var/cache/jbuild-e2e
 * between runs), {@code apt-get install python3} in a RUN step over the host network, then the image is run
 * and must print the tutorial's line. Slow (minutes on a first run); skipped, not failed, when Debian's mirror
 * cannot be reached, since then nothing of ours was tested.
 */
class DebianHelloEndToEndTest {

    private static final Path CACHE = Path.of("/var/cache/jbuild-e2e");
    private static final Path BASE_TAR = CACHE.resolve("debian-bookworm-minbase.tar");

    @TempDir
    Path tmp;

    @Test
    void seedHelloPyRunsOnADebianBase() throws Exception {
        assumeTrue(RunBuildTest.isRoot() && Files.isExecutable(Path.of("/usr/sbin/runc")), "needs root and runc");
        assumeTrue(Files.isRegularFile(BASE_TAR) || Files.isExecutable(Path.of("/usr/sbin/debootstrap")),
                "needs debootstrap (installed by .ci/run) or a cached base");
        Path base = debianBase();
        Path testdata = Path.of(System.getProperty("jbuild.testdata.dir", "../testdata"));

        ImageStore store = ImageStore.open(tmp.resolve("store"));
        ImageBuilder builder = new ImageBuilder(store, null, 1);
        Path baseCtx = Files.createDirectories(tmp.resolve("base"));
        Files.copy(base, baseCtx.resolve("debian.tar"));
        Files.writeString(baseCtx.resolve("Dockerfile"), "FROM scratch\nADD debian.tar /\nCMD [\"bash\"]\n");
        builder.build(BuildRequest.builder(baseCtx).tags(List.of("jbuild-e2e/debian:bookworm")).build(),
                BuildListener.SILENT);

        List<String> output = new ArrayList<>();
        BuildRequest hello = BuildRequest.builder(testdata.resolve("hello-debian")).tags(List.of("hello:1")).build();
        builder.build(hello, new BuildListener() {
            @Override
            public void output(String stage, int number, String line) {
                output.add(line);
            }
        });
        assertThat(String.join("\n", output)).contains("python3");

        List<String> stdout = new ArrayList<>();
        int code = new ContainerRunner(store).run(new RunOptions("hello:1", List.of(), Optional.empty(), List.of(),
                Optional.empty(), Optional.empty(), List.of(), NetworkMode.PRIVATE, Seccomp.DEFAULT), (stream, line) -> {
                    if (stream == OutputSink.Stream.STDOUT) {
                        stdout.add(line);
                    }
                });
        assertThat(code).isZero();
        assertThat(stdout).containsExactly("hello guest, my version is 1.0!");
        int other = new ContainerRunner(store).run(new RunOptions("hello:1", List.of("python3", "hello.py", "new-guest"),
                Optional.empty(), List.of("my_ver=2.5"), Optional.empty(), Optional.empty(), List.of(), NetworkMode.PRIVATE, Seccomp.DEFAULT),
                (stream, line) -> stdout.add(line));
        assertThat(other).isZero();
        assertThat(stdout).contains("hello new-guest, my version is 2.5!");
    }

    /** The minbase Debian rootfs as a tar, made once per machine with debootstrap. */
    private static Path debianBase() throws IOException, InterruptedException {
        if (Files.isRegularFile(BASE_TAR)) {
            return BASE_TAR;
        }
        Files.createDirectories(CACHE);
        Path rootfs = Files.createTempDirectory(CACHE, "rootfs-");
        try {
            int debootstrap = run(600, "debootstrap", "--variant=minbase", "bookworm", rootfs.toString(),
                    "http://deb.debian.org/debian");
            assumeTrue(debootstrap == 0, "debootstrap could not reach Debian's mirror (exit " + debootstrap + ")");
            Path tmpTar = CACHE.resolve("debian.tar.tmp");
            assertThat(run(300, "tar", "--numeric-owner", "-C", rootfs.toString(), "-cf", tmpTar.toString(), "."))
                    .isZero();
            Files.move(tmpTar, BASE_TAR, StandardCopyOption.ATOMIC_MOVE);
            return BASE_TAR;
        } finally {
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
