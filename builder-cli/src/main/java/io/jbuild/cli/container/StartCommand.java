package io.jbuild.cli.container;

import io.jbuild.cli.Failure;
import io.jbuild.cli.Subcommand;
import io.jbuild.cli.image.StoreOptions;
import io.jbuild.core.container.ContainerRecord;
import io.jbuild.core.container.Containers;
import io.jbuild.core.container.attach.DetachKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jbuild start}: Start stopped containers again: the same container, its file-system changes kept, as docker start. */
@Command(name = "start", mixinStandardHelpOptions = true, description = {"Start stopped containers again: the same container, its file-system changes kept, as docker start."})
public final class StartCommand extends Subcommand {

    @Mixin
    StoreOptions store;

    @Option(names = {"-a", "--attach"}, description = "Print the container's output until it exits; its exit code is ours.")
    boolean attach;

    @Option(names = {"-i", "--interactive"}, description = "Send this standard input to the container (made with -i).")
    boolean interactive;

    @Option(names = "--detach-keys", paramLabel = "KEYS", description = "The keys that detach while attached, docker's "
            + "notation (default: ctrl-p,ctrl-q).")
    String detachKeys = "ctrl-p,ctrl-q";

    @Parameters(arity = "1..*", paramLabel = "CONTAINER", description = "Full ID, unique ID prefix or name.")
    List<String> refs;

    public StartCommand() {
        super("start", Failure.CONTAINER);
    }

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws IOException {
        Containers containers = new Containers(store.open());
        DetachKeys keys = Attaching.detachKeys(spec, detachKeys);
        if ((attach || interactive) && refs.size() > 1) {
            err.println("Error: you cannot start and attach multiple containers at once"); // docker's words
            err.flush();
            return 1;
        }
        int exit = 0;
        for (String ref : refs) {
            try {
                if (attach || interactive) {
                    ContainerRecord r = containers.resolve(ref).record();
                    boolean stdin = interactive && r.interactive();
                    if (!Attaching.inputFits(stdin, r.tty(), err)) {
                        return 1;
                    }
                    // attached before its process begins: none of its output is missed
                    exit = Attaching.run(containers, containers.startAttached(ref), stdin, true, keys, out, err);
                } else {
                    containers.start(ref);
                    out.println(ref);
                }
            } catch (IOException | RuntimeException e) {
                exit = fail(err, null, e);
            }
            out.flush();
        }
        return exit;
    }
}
