package io.jbuild.cli.container;

import io.jbuild.cli.CodeSpecs;
import io.jbuild.cli.JbuildCommand;
import io.jbuild.cli.image.StoreOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code jbuild stop}: the image's STOPSIGNAL, then SIGKILL after the timeout, as docker stop. Declared in code
 * ({@link CodeSpecs}): reading annotations was a good part of its start-up.
 */
public final class StopCommand implements Callable<Integer> {

    private final CommandSpec spec;

    private int seconds;
    private List<String> refs;

    private StopCommand() {
        spec = CodeSpecs.command(this, "stop", "Stop running containers: the image's STOPSIGNAL (SIGTERM by default),"
                + " then SIGKILL after the timeout, as docker stop.");
        spec.versionProvider(new JbuildCommand.Version());
        spec.addOption(CodeSpecs.single(Integer.class, "SECONDS", "-t", "--time")
                .description("Seconds to wait before SIGKILL (default 10).").build());
        spec.addPositional(PositionalParamSpec.builder().index("0..*").arity("1..*").required(true)
                .paramLabel("CONTAINER").type(List.class).auxiliaryTypes(String.class)
                .description("Full ID, unique ID prefix or name.").build());
        spec.addOption(StoreOptions.rootOption());
    }

    /** The command's model, its user object a new StopCommand. */
    public static CommandSpec spec() {
        return new StopCommand().spec;
    }

    @Override
    public Integer call() {
        Integer t = CodeSpecs.value(spec, "--time");
        seconds = t == null ? -1 : t;
        refs = CodeSpecs.positional(spec, 0);
        Path root = CodeSpecs.value(spec, "--root");
        return EachContainer.run(spec, root, "stop", refs, (containers, ref) -> {
            containers.stop(ref, seconds);
            return ref;
        });
    }
}
