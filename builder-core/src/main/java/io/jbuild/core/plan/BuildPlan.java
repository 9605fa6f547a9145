package io.jbuild.core.plan;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What to build: the stages the target needs, in an order where every stage comes after the stages it needs,
 * the global ARG values, the build args no ARG consumed (docker warns about those), and {@code proxyArgs}: the proxy
 * variables every RUN step gets besides its own environment (see {@link BuildArgs#proxyEnv}).
 */
public record BuildPlan(List<PlannedStage> stages, Map<String, String> globalArgs, List<String> unusedBuildArgs,
                        Map<String, String> proxyArgs) {

    public BuildPlan {
        stages = List.copyOf(stages);
        unusedBuildArgs = List.copyOf(unusedBuildArgs);
        globalArgs = Collections.unmodifiableMap(new LinkedHashMap<>(globalArgs));
        proxyArgs = Collections.unmodifiableMap(new LinkedHashMap<>(proxyArgs));
    }

    /**
     * The indexes of the stages whose layers the result's image holds: the target, the stage it is built FROM, and
     * so on down.
     */
    public Set<Integer> imageStages() {
        Set<Integer> out = new HashSet<>();
        Optional<PlannedStage> s = Optional.of(target());
        while (s.isPresent() && out.add(s.get().index())) {
            s = s.get().base() instanceof StageBase.Stage base
                    ? stages.stream().filter(x -> x.index() == base.index()).findFirst() : Optional.empty();
        }
        return out;
    }

    /** The stage whose image is the result. */
    public PlannedStage target() {
        return stages.get(stages.size() - 1);
    }

    /** docker's warning about the build args no ARG consumed, when there are any. */
    public Optional<String> unusedBuildArgsWarning() {
        return unusedBuildArgs.isEmpty() ? Optional.empty()
                : Optional.of("One or more build-args " + unusedBuildArgs + " were not consumed");
    }
}
