package io.jbuild.cli.container;

import io.jbuild.cli.image.StoreOptions;
import io.jbuild.core.container.Container;
import io.jbuild.core.container.ContainerLog;
import io.jbuild.core.container.ContainerLog.Reader;
import io.jbuild.core.container.Containers;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jbuild start}: Start stopped containers again: the same container, its file-system changes kept, as docker start. */
@Command(name = "start", mixinStandardHelpOptions = true, description = {"Start stopped containers again: the same container, its file-system changes kept, as docker start."})
public final class StartCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(names = {"-a", "--attach"}, description = "Print the container's output until it exits; its exit code is ours.")
    boolean attach;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER", description = "Full ID, unique ID prefix or name.")
    List<String> refs;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Containers containers;
        try {
            containers = new Containers(store.open());
        } catch (IOException | RuntimeException e) {
            return Errors.report(err, "start", e);
        }
        int exit = 0;
        for (String ref : refs) {
            try {
                // the earlier runs' lines, counted before the container can write new ones
                long skip = attach ? lines(containers.logFile(containers.resolve(ref))) : 0;
                Container c = containers.start(ref);
                if (attach) {
                    ContainerLog.read(containers.logFile(c), -1, true,
                            () -> containers.exited(c.id()), new Skipping(skip, out, err));
                    exit = containers.await(c.id());
                } else {
                    out.println(ref);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 130;
            } catch (IOException | RuntimeException e) {
                exit = Errors.report(err, "start", e);
            }
            out.flush();
        }
        return exit;
    }

    private static long lines(Path log) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        try (Stream<String> l = Files.lines(log)) {
            return l.count();
        }
    }

    /** Prints the log's lines after the first {@code skip} (those of earlier runs). */
    private static final class Skipping implements Reader {
        private long skip;
        private final PrintWriter out;
        private final PrintWriter err;

        Skipping(long skip, PrintWriter out, PrintWriter err) {
            this.skip = skip;
            this.out = out;
            this.err = err;
        }

        @Override
        public void line(boolean stderr, String time, String text, boolean partial) {
            if (skip > 0) {
                skip--;
                return;
            }
            PrintWriter w = stderr ? err : out;
            w.print(partial ? text : text + "\n");
            w.flush();
        }
    }
}
