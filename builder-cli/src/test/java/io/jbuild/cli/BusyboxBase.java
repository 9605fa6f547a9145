package io.jbuild.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The base image the container tests run, {@code jbuild/busybox:latest} (testdata/busybox with Debian's
 * busybox-static), built into a test's own store, and the clean-up of that store's containers.
 */
public final class BusyboxBase {

    public static final String IMAGE = "jbuild/busybox:latest";

    private BusyboxBase() {
    }

    /**
     * Skips the test class unless it runs as root on a machine with runc, conmon, busybox-static and the other
     * {@code tools} (absolute paths), all of which .ci/run installs.
     */
    public static void assumeTools(String... tools) {
        List<String> needed = new ArrayList<>(List.of("/usr/sbin/runc", "/usr/bin/conmon", "/bin/busybox"));
        needed.addAll(List.of(tools));
        assumeTrue(isRoot() && needed.stream().allMatch(t -> Files.isExecutable(Path.of(t))),
                "needs root and " + String.join(", ", needed) + " (installed by .ci/run)");
    }

    /** Builds the base into the store at {@code store}, its build context under {@code work}. */
    public static void build(String store, Path work) throws IOException {
        Path base = Files.createDirectories(work.resolve("busybox"));
        Files.copy(CliRunner.testdata().resolve("busybox/Dockerfile"), base.resolve("Dockerfile"));
        Files.copy(Path.of("/bin/busybox"), base.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        CliRunner.Outcome built = CliRunner.run("build", "--root", store, "-t", IMAGE, base.toString());
        assertThat(built.exitCode()).as(built.err()).isZero();
    }

    /** Removes every container of the store, running or not ({@code rm -f $(ps -a -q)}). */
    public static void removeContainers(String store) {
        if (store == null) {
            return;
        }
        for (String id : CliRunner.run("ps", "--root", store, "-a", "-q", "--no-trunc").out().split("\n")) {
            if (!id.isBlank()) {
                CliRunner.run("rm", "--root", store, "-f", id);
            }
        }
    }

    public static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
