package io.jbuild.core.build;

import io.jbuild.core.emulation.Emulation;
import io.jbuild.core.image.Platform;
import io.jbuild.core.plan.BuildPlan;
import io.jbuild.core.plan.PlannedStage;
import io.jbuild.core.plan.PlannedStep;
import io.jbuild.core.plan.StageBase;
import io.jbuild.grammar.ast.Instruction;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Before anything is built: every stage with a RUN step must be runnable on this machine, natively or under a
 * registered emulator, for the platform of the files it runs (its base image's, else its {@code FROM --platform}
 * or the build's). A stage without RUN needs no emulation at all, whatever its platform.
 */
final class EmulationCheck {

    private EmulationCheck() {
    }

    /** @throws BuildException at the first RUN that could not run, naming the platform and how to register QEMU */
    static void check(BuildPlan plan, Platform build, BaseImages bases, Emulation emulation)
            throws BuildException, IOException {
        Map<Integer, Platform> platforms = new HashMap<>();
        for (PlannedStage stage : plan.stages()) {
            Platform platform = platformOf(stage, build, bases, platforms);
            platforms.put(stage.index(), platform);
            Optional<PlannedStep> run = stage.steps().stream()
                    .filter(s -> s.instruction() instanceof Instruction.Run).findFirst();
            if (run.isPresent()) {
                Optional<String> problem = emulation.problem(platform);
                if (problem.isPresent()) {
                    Instruction in = run.get().instruction();
                    throw BuildException.at(in.meta().range(), "RUN: " + problem.get());
                }
            }
        }
    }

    /** The platform of a stage's files: its base image's (what its RUN executes), else the stage's own. */
    private static Platform platformOf(PlannedStage stage, Platform build, BaseImages bases,
                                       Map<Integer, Platform> earlier) throws BuildException, IOException {
        Platform own = StageBuild.platform(stage, build);
        if (stage.base() instanceof StageBase.Stage s) {
            return earlier.getOrDefault(s.index(), own);
        }
        if (stage.base() instanceof StageBase.Image i) {
            try {
                Platform p = bases.resolve(i.reference(), own).config().platform();
                return p == null || p.architecture() == null || p.architecture().isEmpty() ? own : p;
            } catch (BaseImages.Missing | IllegalArgumentException e) {
                return own; // the stage fails when it is built, at its FROM
            }
        }
        return own;
    }
}
