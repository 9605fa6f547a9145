package io.jbuild.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jbuild.core.exec.NetworkMode;
import io.jbuild.core.exec.Seccomp;
import io.jbuild.core.exec.OutputSink;
import io.jbuild.core.run.ContainerRunner;
import io.jbuild.core.run.RunOptions;
import io.jbuild.core.store.ImageStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's real hello.py, end to end: a Debian base made with debootstrap ({@link DebianBase}, cached between
 * runs), {@code apt-get install python3} in a RUN step over the host network, then the image is run
 * and must print the tutorial's line. Slow (minutes on a first run); skipped, not failed, when Debian's mirror
 * cannot be reached, since then nothing of ours was tested.
 */
class DebianHelloEndToEndTest {

    @TempDir
    Path tmp;

    @Test
    void seedHelloPyRunsOnADebianBase() throws Exception {
        assumeTrue(RunBuildTest.isRoot() && Files.isExecutable(Path.of("/usr/sbin/runc")), "needs root and runc");
        DebianBase.assumeAvailable();
        Path testdata = Path.of(System.getProperty("jbuild.testdata.dir", "../testdata"));

        ImageStore store = ImageStore.open(tmp.resolve("store"));
        ImageBuilder builder = new ImageBuilder(store, null, 1);
        DebianBase.image(store, tmp.resolve("base"));

        List<String> output = new ArrayList<>();
        builder.build(BuildRequest.builder(testdata.resolve("hello-debian")).tags(List.of("hello:1")).build(), new BuildListener() {
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
}
