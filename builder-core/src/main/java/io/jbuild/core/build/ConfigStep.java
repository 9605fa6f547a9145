package io.jbuild.core.build;

import io.jbuild.core.image.ContainerConfig;
import io.jbuild.core.plan.PlannedStep;
import io.jbuild.grammar.ast.CommandLine;
import io.jbuild.grammar.ast.HealthcheckSpec;
import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.ast.KeyValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An instruction that only changes the image config, as BuildKit's {@code dispatchX} does: the change and the
 * history line it commits, side by side (CMD's, ENTRYPOINT's and HEALTHCHECK's lines print the config just set).
 * Returns the line, or empty when BuildKit commits none (ONBUILD). Instructions that make a layer are not config
 * steps: they fail here.
 */
final class ConfigStep implements Instruction.Visitor<Optional<String>, Steps.StepException> {

    private static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");

    private final PlannedStep step;
    private final ImageState image;

    private ConfigStep(PlannedStep step, ImageState image) {
        this.step = step;
        this.image = image;
    }

    /** Applies {@code in} to {@code image}; returns its history line, if it has one. */
    static Optional<String> apply(Instruction in, PlannedStep step, ImageState image) throws Steps.StepException {
        return in.accept(new ConfigStep(step, image));
    }

    @Override
    public Optional<String> env(Instruction.Env e) {
        image.env.clear();
        step.imageEnv().forEach((k, v) -> image.env.add(k + "=" + v));
        return Optional.of("ENV" + History.pairs(e.variables()));
    }

    @Override
    public Optional<String> label(Instruction.Label l) {
        for (KeyValue kv : l.labels()) {
            image.labels.put(kv.key(), kv.value());
        }
        return Optional.of("LABEL" + History.pairs(l.labels()));
    }

    @Override
    public Optional<String> arg(Instruction.Arg a) {
        return Optional.of("ARG " + String.join(" ", a.declarations().stream()
                .map(d -> d.name() + d.defaultValue().map(v -> "=" + v).orElse("")).toList()));
    }

    @Override
    public Optional<String> user(Instruction.User u) {
        image.user = u.user();
        return Optional.of("USER " + u.user());
    }

    @Override
    public Optional<String> expose(Instruction.Expose e) throws Steps.StepException {
        List<String> ports = Steps.exposed(e);
        image.exposedPorts.addAll(ports);
        return Optional.of("EXPOSE " + History.list(ports));
    }

    @Override
    public Optional<String> volume(Instruction.Volume v) {
        image.volumes.addAll(v.paths());
        return Optional.of("VOLUME " + History.list(v.paths()));
    }

    @Override
    public Optional<String> cmd(Instruction.Cmd c) {
        image.cmd = command(c.command(), image);
        image.argsEscaped = true; // BuildKit's dispatchCmd sets it for every CMD (Docker image spec compatibility)
        image.cmdSet = true;
        return Optional.of("CMD " + History.quoted(image.cmd));
    }

    @Override
    public Optional<String> entrypoint(Instruction.Entrypoint e) {
        image.entrypoint = e.command().map(c -> command(c, image)).orElse(new ArrayList<>());
        if (!image.cmdSet) {
            image.cmd = new ArrayList<>(); // an inherited CMD does not fit a new ENTRYPOINT
        }
        return Optional.of("ENTRYPOINT " + History.quoted(image.entrypoint));
    }

    @Override
    public Optional<String> shell(Instruction.Shell s) {
        image.shell = new ArrayList<>(s.shell());
        return Optional.of("SHELL " + History.list(s.shell()));
    }

    @Override
    public Optional<String> stopSignal(Instruction.StopSignal s) {
        image.stopSignal = s.signal();
        return Optional.of("STOPSIGNAL " + s.signal());
    }

    @Override
    public Optional<String> maintainer(Instruction.Maintainer m) {
        image.author = m.maintainer();
        return Optional.of("MAINTAINER " + m.maintainer());
    }

    @Override
    public Optional<String> healthcheck(Instruction.Healthcheck h) {
        image.healthcheck = healthcheck(h.spec());
        return Optional.of("HEALTHCHECK " + History.healthcheck(image.healthcheck));
    }

    @Override
    public Optional<String> onbuild(Instruction.Onbuild o) {
        image.onBuild.add(o.meta().text().replaceFirst("(?is)^\\s*ONBUILD\\s*", ""));
        return Optional.empty(); // BuildKit's dispatchOnbuild commits no history entry
    }

    @Override
    public Optional<String> from(Instruction.From i) throws Steps.StepException {
        throw notConfig();
    }

    @Override
    public Optional<String> run(Instruction.Run i) throws Steps.StepException {
        throw notConfig();
    }

    @Override
    public Optional<String> copy(Instruction.Copy i) throws Steps.StepException {
        throw notConfig();
    }

    @Override
    public Optional<String> add(Instruction.Add i) throws Steps.StepException {
        throw notConfig();
    }

    @Override
    public Optional<String> workdir(Instruction.Workdir i) throws Steps.StepException {
        throw notConfig();
    }

    @Override
    public Optional<String> unknown(Instruction.Unknown i) throws Steps.StepException {
        throw notConfig();
    }

    private static Steps.StepException notConfig() {
        return new Steps.StepException("is not supported here", null);
    }

    /** CMD/ENTRYPOINT's argv: exec form as written, shell form through the image's SHELL. */
    static List<String> command(CommandLine c, ImageState image) {
        if (c instanceof CommandLine.ExecForm e) {
            return new ArrayList<>(e.arguments());
        }
        List<String> args = new ArrayList<>(image.shell.isEmpty() ? DEFAULT_SHELL : image.shell);
        if (c instanceof CommandLine.ShellForm s) {
            args.add(s.script());
        }
        return args;
    }

    private static ContainerConfig.Healthcheck healthcheck(HealthcheckSpec spec) {
        if (!(spec instanceof HealthcheckSpec.Check c)) {
            return ContainerConfig.Healthcheck.of(List.of("NONE"), null, null, null, null, 0);
        }
        List<String> test = new ArrayList<>();
        if (c.command() instanceof CommandLine.ExecForm e) {
            test.add("CMD");
            test.addAll(e.arguments());
        } else if (c.command() instanceof CommandLine.ShellForm s) {
            test.add("CMD-SHELL");
            test.add(s.script());
        }
        return ContainerConfig.Healthcheck.of(test, c.interval().orElse(null), c.timeout().orElse(null),
                c.startPeriod().orElse(null), c.startInterval().orElse(null), c.retries().orElse(0));
    }
}
