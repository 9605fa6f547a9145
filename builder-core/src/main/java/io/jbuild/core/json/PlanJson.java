package io.jbuild.core.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jbuild.core.plan.BuildPlan;
import io.jbuild.core.plan.PlannedStage;
import io.jbuild.core.plan.PlannedStep;
import io.jbuild.core.plan.StageBase;
import io.jbuild.grammar.ast.Instruction;
import java.util.Map;

/**
 * The JSON form of a build plan ({@code jbuild plan}; README.md documents it): the target, the global ARGs, the
 * build args no ARG consumed, and the stages the target needs in build order, each instruction as {@link AstJson}
 * writes it with its line, and the environment each RUN would see.
 */
public final class PlanJson {

    private PlanJson() {
    }

    /** The plan as indented JSON text. */
    public static String write(BuildPlan plan) {
        return AstJson.text(json(plan));
    }

    public static ObjectNode json(BuildPlan plan) {
        ObjectNode root = AstJson.object();
        root.put("target", plan.target().label());
        strings(root.putObject("globalArgs"), plan.globalArgs());
        ArrayNode unused = root.putArray("unusedBuildArgs");
        plan.unusedBuildArgs().forEach(unused::add);
        ArrayNode stages = root.putArray("stages");
        for (PlannedStage stage : plan.stages()) {
            stage(stages.addObject(), stage, plan);
        }
        return root;
    }

    private static void stage(ObjectNode s, PlannedStage stage, BuildPlan plan) {
        s.put("index", stage.index());
        stage.name().ifPresent(n -> s.put("name", n));
        ObjectNode base = s.putObject("base");
        if (stage.base() instanceof StageBase.Scratch) {
            base.put("type", "scratch");
        } else if (stage.base() instanceof StageBase.Image img) {
            base.put("type", "image");
            base.put("reference", img.reference());
        } else if (stage.base() instanceof StageBase.Stage st) {
            base.put("type", "stage");
            base.put("index", st.index());
        }
        stage.platform().ifPresent(p -> s.put("platform", p));
        s.put("line", stage.from().meta().range().start().line());
        ArrayNode deps = s.putArray("dependsOn");
        stage.dependsOn().stream().sorted().forEach(deps::add);
        ArrayNode steps = s.putArray("steps");
        for (PlannedStep step : stage.steps()) {
            ObjectNode o = steps.addObject();
            o.put("line", step.instruction().meta().range().start().line());
            o.set("instruction", AstJson.instruction(step.instruction()));
            if (step.instruction() instanceof Instruction.Run) {
                ObjectNode env = o.putObject("env");
                strings(env, step.env());
                strings(env, plan.proxyArgs());
            }
        }
        strings(s.putObject("imageEnv"), stage.finalEnv());
    }

    private static void strings(ObjectNode o, Map<String, String> values) {
        values.forEach(o::put);
    }
}
