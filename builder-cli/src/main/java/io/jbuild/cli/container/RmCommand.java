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
 * {@code jbuild rm}: remove containers, their written files, log and network, as docker rm. Declared in code
 * ({@link CodeSpecs}): reading annotations was a good part of its start-up.
 */
public final class RmCommand implements Callable<Integer> {

    private final CommandSpec spec;

    private boolean force;
    private List<String> refs;

    private RmCommand() {
        spec = CodeSpecs.command(this, "rm", "Remove containers, their written files, log and network, as docker rm.");
        spec.versionProvider(new JbuildCommand.Version());
        spec.addOption(CodeSpecs.flag(new String[] {"-f", "--force"}, "Kill a running container first."));
        spec.addPositional(PositionalParamSpec.builder().index("0..*").arity("1..*").required(true)
                .paramLabel("CONTAINER").type(List.class).auxiliaryTypes(String.class)
                .description("Full ID, unique ID prefix or name.").build());
        spec.addOption(StoreOptions.rootOption());
    }

    /** The command's model, its user object a new RmCommand. */
    public static CommandSpec spec() {
        return new RmCommand().spec;
    }

    @Override
    public Integer call() {
        force = CodeSpecs.isSet(spec, "--force");
        refs = CodeSpecs.positional(spec, 0);
        Path root = CodeSpecs.value(spec, "--root");
        return EachContainer.run(spec, root, "rm", refs, (containers, ref) -> {
            containers.remove(ref, force);
            return ref;
        });
    }
}
