package io.jbuild.maven;

import io.jbuild.core.build.BuildRequest;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.core.image.Platform;
import io.jbuild.core.plan.BuildPlan;
import io.jbuild.core.plan.BuildPlanner;
import io.jbuild.core.plan.PlanException;
import io.jbuild.core.plan.PlanOptions;
import io.jbuild.core.plan.PlannedStage;
import io.jbuild.core.plan.PlannedStep;
import io.jbuild.core.plan.StageBase;
import io.jbuild.core.store.ImageStore;
import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.parser.DockerfileParser;
import io.jbuild.grammar.parser.ParseResult;
import io.jbuild.grammar.source.SourceRange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * With {@code mvn -o} nothing may come from a registry. The engine pulls a FROM (or {@code COPY --from}) image
 * that the store lacks, so before building offline this lists the images the build needs that are not in the
 * store, to fail at once with their names instead of trying the network. Anything it cannot work out (a
 * Dockerfile that does not parse or plan) is left to the build, which reports it properly.
 */
final class OfflineCheck {

    /** An image the build needs and the store lacks, with where the Dockerfile names it. */
    record Missing(String reference, SourceRange where) {
    }

    private OfflineCheck() {
    }

    static List<Missing> missing(ImageStore store, BuildRequest request) throws IOException {
        ParseResult parsed = DockerfileParser.parse(request.dockerfile());
        if (parsed.hasErrors()) {
            return List.of();
        }
        BuildPlan plan;
        try {
            Platform platform = request.platforms().get(0); // the images named are the same for every platform
            plan = BuildPlanner.plan(parsed.dockerfile(), PlanOptions.defaults()
                    .withBuildArgs(request.buildArgs())
                    .withTarget(request.target().orElse(null))
                    .withTargetPlatform(platform));
        } catch (PlanException | RuntimeException e) {
            return List.of();
        }
        Set<String> seen = new LinkedHashSet<>();
        List<Missing> out = new ArrayList<>();
        for (PlannedStage stage : plan.stages()) {
            if (stage.base() instanceof StageBase.Image image) {
                check(store, image.reference(), stage.from().meta().range(), seen, out);
            }
            for (PlannedStep step : stage.steps()) {
                if (step.instruction() instanceof Instruction.Copy copy && copy.from().isPresent()
                        && !isStage(plan, copy.from().get())) {
                    check(store, copy.from().get(), copy.meta().range(), seen, out);
                }
            }
        }
        return out;
    }

    private static void check(ImageStore store, String reference, SourceRange where, Set<String> seen,
                              List<Missing> out) throws IOException {
        if (!seen.add(reference)) {
            return;
        }
        ImageReference ref;
        try {
            ref = ImageReference.parse(reference);
        } catch (IllegalArgumentException e) {
            return; // the build names the bad reference
        }
        if (store.lookup(ref).isEmpty()) {
            out.add(new Missing(ref.toString(), where));
        }
    }

    /** {@code COPY --from=NAME}: a stage by name (case-insensitive) or index, as the engine decides. */
    private static boolean isStage(BuildPlan plan, String name) {
        return plan.stages().stream().anyMatch(s -> s.name().map(n -> n.equalsIgnoreCase(name)).orElse(false)
                || String.valueOf(s.index()).equals(name));
    }
}
