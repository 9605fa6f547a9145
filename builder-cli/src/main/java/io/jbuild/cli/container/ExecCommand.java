package io.jbuild.cli.container;

import io.jbuild.cli.CodeSpecs;
import io.jbuild.cli.Failure;
import io.jbuild.cli.JbuildCommand;
import io.jbuild.cli.image.StoreOptions;
import io.jbuild.cli.terminal.Terminals;
import io.jbuild.core.container.Containers;
import io.jbuild.core.container.exec.ContainerExec;
import io.jbuild.core.container.exec.ExecException;
import io.jbuild.core.container.exec.ExecRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code jbuild exec}: run a command in a running container, as docker exec. Declared in code ({@link CodeSpecs}):
 * reading annotations was a good part of its start-up.
 */
public final class ExecCommand implements Callable<Integer> {

    private final CommandSpec spec;

    private ExecCommand() {
        spec = CodeSpecs.command(this, "exec", "Run a command in a running container (its environment, user, working"
                + " directory and namespaces), as docker exec.");
        spec.versionProvider(new JbuildCommand.Version());
        spec.addOption(CodeSpecs.flag(new String[] {"-i", "--interactive"}, "Keep standard input open."));
        spec.addOption(CodeSpecs.flag(new String[] {"-t", "--tty"}, "Allocate a pseudo-terminal."));
        spec.addOption(CodeSpecs.flag(new String[] {"-d", "--detach"}, "Leave the command running in the background."));
        spec.addOption(CodeSpecs.repeatable("K=V", new String[] {"-e", "--env"},
                "Set an environment variable (a bare K takes this process's value)."));
        spec.addOption(CodeSpecs.single(String.class, "USER[:GROUP]", "-u", "--user")
                .description("Run as this user.").build());
        spec.addOption(CodeSpecs.single(String.class, "DIR", "-w", "--workdir")
                .description("Working directory (absolute).").build());
        spec.addPositional(PositionalParamSpec.builder().index("0").arity("1").required(true).paramLabel("CONTAINER")
                .type(String.class).description("Full ID, unique ID prefix or name.").build());
        spec.addPositional(PositionalParamSpec.builder().index("1..*").arity("1..*").required(true)
                .paramLabel("COMMAND").type(List.class).auxiliaryTypes(String.class)
                .description("The command and its arguments.").build());
        spec.addOption(StoreOptions.rootOption());
    }

    /** The command's model, its user object a new ExecCommand. */
    public static CommandSpec spec() {
        return new ExecCommand().spec;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String ref = CodeSpecs.positional(spec, 0);
        List<String> command = CodeSpecs.positional(spec, 1);
        boolean interactive = CodeSpecs.isSet(spec, "--interactive");
        boolean tty = CodeSpecs.isSet(spec, "--tty");
        boolean detach = CodeSpecs.isSet(spec, "--detach");
        // docker's check: a terminal's input cannot be a pipe or a file (runc would fail on it with less clear words)
        if (tty && interactive && !detach && !Terminals.isTerminal(0)) {
            err.println("the input device is not a TTY");
            err.flush();
            return 1;
        }
        try {
            List<String> env = CodeSpecs.value(spec, "--env");
            ExecRequest request = new ExecRequest(command, new ArrayList<>(env), CodeSpecs.value(spec, "--user"),
                    CodeSpecs.value(spec, "--workdir"), interactive, tty, detach);
            Path root = CodeSpecs.value(spec, "--root");
            return new Containers(StoreOptions.open(root)).exec(ref, request,
                    ContainerExec.Streams.inherit(interactive));
        } catch (ExecException e) {
            err.println("Error response from daemon: " + e.getMessage()); // docker's words come from its daemon
            err.flush();
            return e.exitCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } catch (IOException | RuntimeException e) {
            return Failure.CONTAINER.report(err, "exec", null, e);
        }
    }
}
