package io.jbuild.core.build;

import io.jbuild.core.image.Platform;
import io.jbuild.core.plan.BaseImageConfig;
import io.jbuild.core.plan.BuildPlan;
import io.jbuild.core.plan.BuildPlanner;
import io.jbuild.core.plan.PlanException;
import io.jbuild.core.plan.PlanOptions;
import io.jbuild.grammar.parser.DockerfileParser;
import io.jbuild.grammar.parser.ParseResult;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The first step of a build: the Dockerfile parsed, its base images resolved, then planned (a pure function of
 * those), with the warnings a user sees about it.
 */
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
                .withTargetPlatform(platform);
        BuildPlan plan;
        try {
            plan = BuildPlanner.plan(parsed.dockerfile(), options.withBaseImages(baseConfigs(parsed, options, bases)));
        } catch (PlanException e) {
            throw new BuildException(e.problems());
        }
        listener.planned(plan.stages().size());
        List<String> warnings = plan.unusedBuildArgsWarning().stream().toList();
        warnings.forEach(listener::warning);
        return new Planned(plan, warnings);
    }

    /**
     * The configs of the base images the plan reads, resolved (pulled if need be) before planning, each for the
     * platform its stages want (a native builder stage's base for this machine's). A base image's
     * ONBUILD triggers may name stages that start from further images: those are resolved in a next round, until
     * the planner names no new one.
     */
    private static Map<String, BaseImageConfig> baseConfigs(ParseResult parsed, PlanOptions options, BaseImages bases)
            throws PlanException, IOException {
        Map<String, BaseImageConfig> known = new LinkedHashMap<>();
        while (true) {
            Map<String, Optional<String>> wanted = new LinkedHashMap<>(
                    BuildPlanner.baseImagePlatforms(parsed.dockerfile(), options.withBaseImages(known)));
            wanted.keySet().removeAll(known.keySet());
            if (wanted.isEmpty()) {
                return known;
            }
            for (Map.Entry<String, Optional<String>> ref : wanted.entrySet()) {
                known.put(ref.getKey(), bases.config(ref.getKey(), ref.getValue()));
            }
        }
    }
}
