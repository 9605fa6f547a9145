package io.jbuild.core.build;

import io.jbuild.core.image.Platform;
import io.jbuild.core.plan.BuildPlan;
import io.jbuild.core.plan.BuildPlanner;
import io.jbuild.core.plan.PlanException;
import io.jbuild.core.plan.PlanOptions;
import io.jbuild.core.plan.PlatformSpec;
import io.jbuild.grammar.parser.DockerfileParser;
import io.jbuild.grammar.parser.ParseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The first step of a build: the Dockerfile parsed and planned, with the warnings a user sees about it. */
final class BuildPlanning {

    /** A plan and the warnings planning gave (unused build arguments). */
    record Planned(BuildPlan plan, List<String> warnings) {
    }

    private BuildPlanning() {
    }

    static Planned plan(BuildRequest request, BuildListener listener, Platform platform, BaseImages bases)
            throws BuildException, IOException {
        ParseResult parsed = DockerfileParser.parse(request.dockerfile());
        if (parsed.hasErrors()) {
            throw new BuildException(parsed.errors());
        }
        parsed.diagnostics().forEach(d -> listener.warning(d.message()));
        PlanOptions options = PlanOptions.defaults()
                .withBuildArgs(request.buildArgs())
                .withTarget(request.target().orElse(null))
                .withTargetPlatform(PlatformSpec.parse(platform.format()))
                .withBaseImageEnv(bases::env)
                .withBaseImageOnBuild(bases::triggers);
        BuildPlan plan;
        try {
            plan = BuildPlanner.plan(parsed.dockerfile(), options);
        } catch (PlanException e) {
            throw new BuildException(e.problems());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        listener.planned(plan.stages().size());
        List<String> warnings = new ArrayList<>();
        if (!plan.unusedBuildArgs().isEmpty()) {
            String w = "One or more build-args " + plan.unusedBuildArgs() + " were not consumed";
            warnings.add(w);
            listener.warning(w);
        }
        return new Planned(plan, List.copyOf(warnings));
    }
}
