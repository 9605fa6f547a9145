package io.jbuild.core.plan;

import io.jbuild.grammar.ast.Instruction;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A stage that the target needs.
 *
 * @param index     its position among all stages of the Dockerfile (0-based, as {@code COPY --from=0} counts)
 * @param name      its {@code AS} name, lower case
 * @param from      the FROM instruction, expanded with the global ARGs
 * @param base      what it starts from
 * @param platform  {@code FROM --platform}, expanded
 * @param steps     its instructions after FROM
 * @param dependsOn indexes of the stages it needs (base stage, COPY --from, RUN --mount from=)
 * @param finalEnv  the ENV of the image this stage produces
 */
public record PlannedStage(int index, Optional<String> name, Instruction.From from, StageBase base,
                           Optional<String> platform, List<PlannedStep> steps, Set<Integer> dependsOn,
                           Map<String, String> finalEnv) {

    public PlannedStage {
        steps = List.copyOf(steps);
        dependsOn = Set.copyOf(dependsOn);
        finalEnv = Collections.unmodifiableMap(new LinkedHashMap<>(finalEnv));
    }

    /** How the stage is named in messages: its name, or its index. */
    public String label() {
        return name.orElse(String.valueOf(index));
    }
}
