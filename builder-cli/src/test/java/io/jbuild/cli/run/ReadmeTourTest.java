package io.jbuild.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jbuild.cli.CliRunner;
import io.jbuild.core.registry.LocalRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The README's tour, command by command, through the real command line and a loopback registry. */
class ReadmeTourTest {

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.open();

    @TempDir
    Path tmp;

    private static CliRunner.Outcome ok(CliRunner.Outcome o) {
        assertThat(o.exitCode()).as(o.err()).isZero();
        return o;
    }

    @Test
    void theTour() throws Exception {
        assumeTrue(RunCommandTest.isRoot() && Files.isExecutable(Path.of("/usr/sbin/runc"))
                && Files.isExecutable(Path.of("/bin/busybox")), "needs root, runc and busybox-static");
        String store = tmp.resolve("store").toString();
        Path base = Files.createDirectories(tmp.resolve("busybox"));
        Files.copy(CliRunner.testdata().resolve("busybox/Dockerfile"), base.resolve("Dockerfile"));
        Files.copy(Path.of("/bin/busybox"), base.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        ok(CliRunner.run("build", "--root", store, "-t", "jbuild/busybox:latest", base.toString()));

        String hello = CliRunner.testdata().resolve("hello-sh").toString();
        ok(CliRunner.run(hello, "--root", store, "-t", "hello:1.0"));               // jbuild PATH -t ...
        assertThat(ok(CliRunner.run("run", "--root", store, "hello:1.0")).out())
                .isEqualTo("hello guest, my version is 1.0!\n");
        ok(CliRunner.run("build", "--root", store, "-t", "hello:2", "--build-arg", "my_ver=2.0", hello));
        assertThat(ok(CliRunner.run("run", "--root", store, "hello:2")).out())
                .isEqualTo("hello guest, my version is 2.0!\n");

        String remote = REGISTRY.host() + "/me/hello:1";
        ok(CliRunner.run("tag", "--root", store, "hello:1.0", remote));
        ok(CliRunner.run("push", "--root", store, remote));
        ok(CliRunner.run("rmi", "--root", store, remote));
        ok(CliRunner.run("pull", "--root", store, remote));
        assertThat(ok(CliRunner.run("run", "--root", store, remote)).out()).isEqualTo("hello guest, my version is 1.0!\n");
        assertThat(ok(CliRunner.run("images", "--root", store)).out()).contains("me/hello", "hello", "2");

        String ids = ok(CliRunner.run("images", "--root", store, "-q")).out().strip();
        String[] rmi = ("rmi --root " + store + " -f " + ids.replace('\n', ' ')).split(" +");
        ok(CliRunner.run(rmi));
        assertThat(ok(CliRunner.run("images", "--root", store, "-q")).out()).isBlank();
    }
}
