package io.jbuild.cli.container;

import io.jbuild.cli.image.StoreOptions;
import io.jbuild.cli.terminal.Terminals;
import io.jbuild.core.container.Containers;
import io.jbuild.core.container.exec.ContainerExec;
import io.jbuild.core.container.exec.ExecException;
import io.jbuild.core.container.exec.ExecRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jbuild exec}: Run a command in a running container, as docker exec. */
@Command(name = "exec", mixinStandardHelpOptions = true, description = {"Run a command in a running container "
        + "(its environment, user, working directory and namespaces), as docker exec."})
public final class ExecCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(names = {"-i", "--interactive"}, description = "Keep standard input open.")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-terminal.")
    boolean tty;

    @Option(names = {"-d", "--detach"}, description = "Leave the command running in the background.")
    boolean detach;

    @Option(names = {"-e", "--env"}, paramLabel = "K=V", description = "Set an environment variable (a bare K "
            + "takes this process's value).")
    List<String> env = new ArrayList<>();

    @Option(names = {"-u", "--user"}, paramLabel = "USER[:GROUP]", description = "Run as this user.")
    String user;

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory (absolute).")
    String workdir;

    @Parameters(index = "0", paramLabel = "CONTAINER", description = "Full ID, unique ID prefix or name.")
    String ref;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments.")
    List<String> command;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        // docker's check: a terminal's input cannot be a pipe or a file (runc would fail on it with less clear words)
        if (tty && interactive && !detach && !Terminals.isTerminal(0)) {
            err.println("the input device is not a TTY");
            err.flush();
            return 1;
        }
        try {
            ExecRequest request = new ExecRequest(command, env, user, workdir, interactive, tty, detach);
            return new Containers(store.open()).exec(ref, request, ContainerExec.Streams.inherit(interactive));
        } catch (ExecException e) {
            err.println("Error response from daemon: " + e.getMessage()); // docker's words come from its daemon
            err.flush();
            return e.exitCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } catch (IOException | RuntimeException e) {
            return Errors.report(err, "exec", e);
        }
    }
}
