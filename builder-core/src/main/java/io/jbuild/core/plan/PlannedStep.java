package io.jbuild.core.plan;

import io.jbuild.grammar.ast.Instruction;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One instruction of a stage with its variables resolved.
 *
 * @param instruction the instruction with every word that Docker expands already expanded (RUN, CMD, ENTRYPOINT,
 *                    SHELL, HEALTHCHECK and ONBUILD stay as written: the shell or a later build reads them)
 * @param env         the variables in scope before this step, in order: the base's ENV, then this stage's ARG and
 *                    ENV values as declared; a RUN step runs with exactly these (plus proxy build args)
 * @param imageEnv    the ENV part of {@code env}: what the image config holds after this step
 * @param triggeredBy for an ONBUILD trigger of the base image: that image's reference (the instruction's positions
 *                    are then within the trigger's text, not the Dockerfile)
 */
public record PlannedStep(Instruction instruction, Map<String, String> env, Map<String, String> imageEnv,
                          Optional<String> triggeredBy) {

    public PlannedStep(Instruction instruction, Map<String, String> env, Map<String, String> imageEnv) {
        this(instruction, env, imageEnv, Optional.empty());
    }

    /** Keeps the order of the variables: the image config lists them as declared. */
    public PlannedStep {
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        imageEnv = Collections.unmodifiableMap(new LinkedHashMap<>(imageEnv));
    }
}
