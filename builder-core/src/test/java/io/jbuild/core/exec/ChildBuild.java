package io.jbuild.core.exec;

import io.jbuild.core.snapshot.SnapshotStore;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A build in a JVM of its own, for the tests that kill it: runs one long RUN step on the given layers and prints
 * its output, so that the test knows when the container is up.
 *
 * <p>Arguments: {@code --keep-networks} (a build's executor, whose first step has ended), the state directory, then
 * the layers' diff IDs, bottom first.
 */
public final class ChildBuild {

    private ChildBuild() {
    }

    public static void main(String[] args) throws Exception {
        List<String> rest = Arrays.asList(args);
        boolean keep = rest.get(0).equals("--keep-networks");
        if (keep) {
            rest = rest.subList(1, rest.size());
        }
        Path state = Path.of(rest.get(0));
        List<String> layers = rest.subList(1, rest.size());
        RunExecutor executor = new RunExecutor(new SnapshotStore(state.resolve("snapshots")), state);
        if (keep) {
            executor.keepingNetworks();
            try (RunResult r = executor.run(RunSpec.of(layers, List.of("true")), OutputSink.DISCARD)) {
                System.err.println("first step: exit " + r.exitCode());
            }
        }
        try (RunResult r = executor.run(RunSpec.of(layers, List.of("/bin/sh", "-c", "echo started; sleep 60")),
                (stream, line) -> {
                    System.out.println(line);
                    System.out.flush();
                })) {
            System.out.println("exit " + r.exitCode());
        }
    }
}
