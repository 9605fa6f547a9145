package io.jbuild.cli.container;

import io.jbuild.cli.Failure;
import io.jbuild.cli.Subcommand;
import io.jbuild.cli.image.StoreOptions;
import io.jbuild.core.container.ContainerRecord;
import io.jbuild.core.container.Containers;
import io.jbuild.core.container.attach.DetachKeys;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jbuild attach}: this terminal joined to a running container's streams, as docker attach. */
@Command(name = "attach", mixinStandardHelpOptions = true, description = {
    "Attach this terminal's standard input, output and error to a running container, as docker attach: its output "
            + "is printed, this input goes to it when it was made with -i (raw, when it has a terminal: -t). "
            + "Ctrl-P Ctrl-Q detaches and leaves it running; else the exit code is the container's once it exits."})
public final class AttachCommand extends Subcommand {

    @Mixin
    StoreOptions store;

    @Option(names = "--no-stdin", description = "Do not send this standard input to the container.")
    boolean noStdin;

    @Option(names = "--detach-keys", paramLabel = "KEYS", description = "The keys that detach, docker's notation "
            + "(default: ctrl-p,ctrl-q).")
    String detachKeys = "ctrl-p,ctrl-q";

    @Option(names = "--sig-proxy", arity = "0..1", defaultValue = "true", fallbackValue = "true",
            description = "Send SIGINT, SIGTERM and SIGHUP received here to the container (without a terminal; "
                    + "default: true).")
    boolean sigProxy;

    @Parameters(index = "0", paramLabel = "CONTAINER", description = "Full ID, unique ID prefix or name.")
    String ref;

    public AttachCommand() {
        super("attach", Failure.CONTAINER);
    }

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws IOException {
        DetachKeys keys = Attaching.detachKeys(spec, detachKeys);
        Containers containers = new Containers(store.open());
        ContainerRecord r = containers.resolve(ref).record();
        boolean stdin = !noStdin && r.interactive();
        if (!Attaching.inputFits(stdin, r.tty(), err)) {
            return 1;
        }
        return Attaching.run(containers, containers.attach(ref), stdin, sigProxy, keys, out, err);
    }
}
