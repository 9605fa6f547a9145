package io.jbuild.cli.plan;

import io.jbuild.core.context.DockerfileName;
import io.jbuild.core.json.PlanJson;
import io.jbuild.core.plan.BuildPlan;
import io.jbuild.core.plan.BuildPlanner;
import io.jbuild.core.plan.PlanException;
import io.jbuild.core.plan.PlanOptions;
import io.jbuild.grammar.parser.DockerfileParser;
import io.jbuild.grammar.parser.ParseResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jbuild plan}: print the resolved build plan as JSON. */
@Command(name = "plan",
        mixinStandardHelpOptions = true,
        description = {
            "Print the plan of a build as JSON.",
            "The Dockerfile resolved with its build arguments: the stages the target",
            "needs in build order, every instruction with its variables expanded and its",
            "source line, the environment each RUN would see, and build args that no ARG",
            "consumes."})
public final class PlanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--file"}, paramLabel = "PATH", defaultValue = "Dockerfile",
            description = "The Dockerfile (default: ${DEFAULT-VALUE}).")
    String file;

    @Option(names = "--build-arg", paramLabel = "KEY[=VALUE]",
            description = "Set a build-time variable; KEY alone takes the value from the environment.")
    List<String> buildArgs = new ArrayList<>();

    @Option(names = "--target", paramLabel = "STAGE", description = "The stage to build (default: the last one).")
    String target;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
            description = "The target platform (default: this machine's).")
    String platform;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ParseResult parsed;
        file = DockerfileName.resolve(Path.of(file)).toString(); // "dockerfile" when there is no "Dockerfile"
        try {
            parsed = DockerfileParser.parse(Path.of(file));
        } catch (NoSuchFileException e) {
            err.println("jbuild plan: " + file + ": no such file");
            return 1;
        } catch (IOException e) {
            err.println("jbuild plan: " + file + ": cannot read: " + e.getMessage());
            return 1;
        }
        parsed.diagnostics().forEach(d -> err.println(d.format(file)));
        if (parsed.hasErrors()) {
            return 1;
        }
        BuildPlan plan;
        try {
            plan = BuildPlanner.plan(parsed.dockerfile(),
                    PlanOptions.fromArguments(buildArgs, System.getenv(), target, platform));
        } catch (PlanException e) {
            e.problems().forEach(d -> err.println(d.code().equals("argument") ? "jbuild plan: " + d.message()
                    : d.format(file)));
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("jbuild plan: " + e.getMessage());
            return 1;
        }
        plan.unusedBuildArgsWarning().ifPresent(w -> err.println("[warning] " + w));
        out.println(PlanJson.write(plan));
        out.flush();
        return 0;
    }
}
