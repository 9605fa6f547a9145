package io.jbuild.cli.container;

import io.jbuild.cli.Failure;
import io.jbuild.cli.Subcommand;
import io.jbuild.cli.image.StoreOptions;
import io.jbuild.core.container.Container;
import io.jbuild.core.container.ContainerLog;
import io.jbuild.core.container.Containers;
import io.jbuild.core.container.LogWindow;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code jbuild logs}: a container's output, stdout to stdout and stderr to stderr, as {@code docker logs}. */
@Command(name = "logs", mixinStandardHelpOptions = true, description = {
    "Print a container's output (kept by its monitor, conmon, also after it exited)."})
public final class LogsCommand extends Subcommand {

    @Mixin
    StoreOptions store;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new output until the container exits.")
    boolean follow;

    @Option(names = {"-n", "--tail"}, paramLabel = "N", description = "Only the last N lines (default: all).")
    String tail = "all";

    @Option(names = {"-t", "--timestamps"}, description = "Prefix each line with its time (RFC 3339, nanoseconds).")
    boolean timestamps;

    @Option(names = "--since", paramLabel = "TIME", description = "Only output written since TIME: RFC 3339 "
            + "(2024-05-01T13:04:05Z, without zone local time, parts after the date optional), Unix seconds "
            + "(1700000000.5) or a duration back from now (10m, 1h30m).")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Only output written until TIME (as --since).")
    String until;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String ref;

    public LogsCommand() {
        super("logs", Failure.CONTAINER);
    }

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws IOException {
        int lines;
        try {
            lines = tail.equals("all") ? -1 : Integer.parseInt(tail);
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), "invalid --tail \"" + tail + "\"");
        }
        LogWindow window;
        try {
            Instant now = Instant.now();
            window = new LogWindow(LogWindow.parse("since", since, now, ZoneId.systemDefault()),
                    LogWindow.parse("until", until, now, ZoneId.systemDefault()));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage()); // docker's client says it so, without "Error:"
            err.flush();
            return 1;
        }
        try {
            Containers containers = new Containers(store.open());
            Container c = containers.resolve(ref);
            ContainerLog.read(containers.logFile(c), lines, follow, () -> containers.exited(c.id()), window,
                    (stderr, time, text, partial) -> {
                        PrintWriter w = stderr ? err : out;
                        w.print((timestamps ? zulu(time) + " " : "") + text + (partial ? "" : "\n"));
                        w.flush();
                    });
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** conmon writes {@code +00:00}; docker prints {@code Z}. */
    private static String zulu(String time) {
        return time.endsWith("+00:00") ? time.substring(0, time.length() - 6) + "Z" : time;
    }
}
