package io.jbuild.core.plan;

import io.jbuild.grammar.shell.DefaultPath;
import io.jbuild.grammar.ast.ArgDeclaration;
import io.jbuild.grammar.ast.Dockerfile;
import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.ast.KeyValue;
import io.jbuild.grammar.ast.RunMount;
import io.jbuild.grammar.parser.DockerfileParser;
import io.jbuild.grammar.parser.ParseResult;
import io.jbuild.grammar.shell.ExpansionException;
import io.jbuild.grammar.shell.ShellWordExpander;
import io.jbuild.grammar.shell.VariableLookup;
import io.jbuild.grammar.scope.PlatformArgs;
import io.jbuild.grammar.scope.ScopeRules;
import io.jbuild.grammar.source.SourceRange;
import io.jbuild.grammar.source.Suggest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The public entry point of planning: (Dockerfile, build args, target, platform, base images' configs) →
 * {@link BuildPlan}, a pure function: nothing is read, pulled or run. The engine first asks {@link #baseImages}
 * which images to resolve and passes their configs in {@link PlanOptions#baseImages}.
 *
 * <p>Follows BuildKit's rules: ARGs before the first FROM are global and usable in FROM lines; a stage sees a global
 * ARG only after declaring it again; {@code --build-arg} overrides ARG defaults; ARG and ENV values are applied in
 * the order they are declared (a later one wins for expansion and for RUN; only ENV reaches the image config and
 * child stages); only the stages the target needs are planned.
 */
public final class BuildPlanner {

    private final Dockerfile dockerfile;
    private final PlanOptions options;
    private final ShellWordExpander shell;
    private final ScopeRules<PlanException> scope;
    private final Set<String> consumed = new HashSet<>();
    /** Stage names (lower case) to stage indexes, filled as headers are read: lookups stay O(1) with many stages. */
    private final Map<String, Integer> stageNames = new HashMap<>();
    /** A base image's ONBUILD triggers, parsed once: read when ordering the stages and again when planning them. */
    private final Map<String, List<Instruction>> imageTriggers = new HashMap<>();

    private BuildPlanner(Dockerfile dockerfile, PlanOptions options) {
        this.dockerfile = dockerfile;
        this.options = options;
        this.shell = ShellWordExpander.withEscape(dockerfile.escapeChar());
        this.scope = new ScopeRules<>(options.buildArgs(), new ScopeRules.Declarations<>() {
            @Override
            public void declared(Instruction.Arg arg, ArgDeclaration decl) throws PlanException {
                checkName(arg, decl);
                consumed.add(decl.name());
            }

            @Override
            public String expandDefault(Instruction.Arg arg, ArgDeclaration decl, Map<String, String> in)
                    throws PlanException {
                return expandedDefault(arg, decl, in);
            }
        });
    }

    /** Plans the stages the target reaches, with the base configs {@code options} holds. */
    public static BuildPlan plan(Dockerfile dockerfile, PlanOptions options) throws PlanException {
        return new BuildPlanner(dockerfile, options).plan();
    }

    /** A stage as written: its FROM and the instructions up to the next FROM. */
    private record RawStage(int index, Instruction.From from, List<Instruction> body) {
    }

    /** A stage's FROM resolved. */
    private record Header(RawStage raw, Instruction.From from, Optional<String> name, StageBase base,
                          Optional<String> platform) {
    }

    /**
     * A stage named by COPY --from or RUN --mount from= before it is defined: BuildKit builds the stages in file
     * order and refuses it then (after checking for cycles), so it is reported once the order is known.
     */
    private record LateReference(int stage, PlanException error) {
    }

    /**
     * The base images (references as their FROMs name them, expanded) of the stages the target reaches, in build
     * order, given the base configs {@code options} holds. A base image's ONBUILD triggers may name further stages,
     * so an engine resolves these, adds their configs and asks again until no new image is named; then
     * {@link #plan} has every config it reads. A Dockerfile that cannot be planned fails here as in {@code plan}.
     */
    public static Set<String> baseImages(Dockerfile dockerfile, PlanOptions options) throws PlanException {
        return new LinkedHashSet<>(baseImagePlatforms(dockerfile, options).keySet());
    }

    /**
     * {@link #baseImages}, each with the platform its stages want it for: empty when a stage uses it for the build's
     * target platform, else the first stage's {@code FROM --platform} (expanded: {@code $BUILDPLATFORM} is a
     * builder stage's), so that a base only a native builder stage uses is resolved for that platform.
     */
    public static Map<String, Optional<String>> baseImagePlatforms(Dockerfile dockerfile, PlanOptions options)
            throws PlanException {
        Reach reach = new BuildPlanner(dockerfile, options).reach();
        Map<String, Optional<String>> out = new LinkedHashMap<>();
        for (int index : reach.order()) {
            Header header = reach.headers().get(index);
            if (header.base() instanceof StageBase.Image img) {
                Optional<String> platform = header.platform().filter(p -> !p.isEmpty());
                Optional<String> before = out.putIfAbsent(img.reference(), platform);
                if (before != null && platform.isEmpty()) {
                    out.put(img.reference(), platform);
                }
            }
        }
        return out;
    }

    /** The stages as their FROMs resolve, and which of them the target reaches, in build order. */
    private record Reach(List<Header> headers, Map<String, String> globals, Map<Integer, Set<Integer>> deps,
                         List<Integer> order) {
    }

    private Reach reach() throws PlanException {
        List<Instruction.Arg> metaArgs = new ArrayList<>();
        List<RawStage> raw = new ArrayList<>();
        for (Instruction instruction : dockerfile.instructions()) {
            if (instruction instanceof Instruction.From from) {
                raw.add(new RawStage(raw.size(), from, new ArrayList<>()));
            } else if (raw.isEmpty()) {
                if (!(instruction instanceof Instruction.Arg arg)) {
                    throw PlanException.at(instruction.meta().range(), instruction.name()
                            + " before the first FROM: only ARG may come before FROM");
                }
                metaArgs.add(arg);
            } else {
                raw.get(raw.size() - 1).body().add(instruction);
            }
        }
        if (raw.isEmpty()) {
            SourceRange where = dockerfile.instructions().isEmpty() ? SourceRange.lines(1, 1)
                    : dockerfile.instructions().get(0).meta().range();
            throw PlanException.at(where, "the Dockerfile has no FROM: there is no stage to build");
        }

        String targetName = options.target().filter(t -> !t.isEmpty())
                .orElse(raw.get(raw.size() - 1).from().stageName().orElse(""));
        Map<String, String> globals = globalArgs(metaArgs, targetName);
        List<Header> headers = new ArrayList<>();
        for (RawStage stage : raw) {
            headers.add(header(stage, globals, headers));
        }
        int target = targetIndex(headers);
        Map<Integer, Set<Integer>> deps = new HashMap<>();
        List<LateReference> late = new ArrayList<>();
        // Only the stages the target reaches are read, as BuildKit resolves only their base images: a base image's
        // ONBUILD triggers may name stages of this file, so they are part of the graph.
        List<Integer> order = buildOrder(target, deps, stage -> dependencies(headers.get(stage), headers, late),
                headers);
        Optional<LateReference> first = late.stream().min(Comparator.comparingInt(LateReference::stage));
        if (first.isPresent()) {
            throw first.get().error();
        }
        return new Reach(headers, globals, deps, order);
    }

    private BuildPlan plan() throws PlanException {
        Reach reach = reach();
        Map<String, String> globals = reach.globals();
        Map<Integer, PlannedStage> planned = new HashMap<>();
        List<PlannedStage> stages = new ArrayList<>();
        for (int index : reach.order()) {
            PlannedStage stage = planStage(reach.headers().get(index), globals, reach.deps().get(index), planned,
                    reach.headers());
            planned.put(index, stage);
            stages.add(stage);
        }

        BuildArgs.sandboxHostname(options.buildArgs()); // a bad value fails the plan, before any step runs
        List<String> unused = new ArrayList<>();
        for (String key : options.buildArgs().keySet()) {
            if (!BuildArgs.PROXY_ARGS.contains(key) && !consumed.contains(key) && !PlatformArgs.NAMES.contains(key)
                    && !key.equals(BuildArgs.SANDBOX_HOSTNAME)) {
                unused.add(key);
            }
        }
        return new BuildPlan(stages, globals, unused, BuildArgs.proxyEnv(options.buildArgs()));
    }

    private Map<String, String> globalArgs(List<Instruction.Arg> metaArgs, String targetName) throws PlanException {
        return scope.globals(PlatformArgs.of(options.targetPlatform().specifier(), options.buildPlatform().specifier(),
                targetName), metaArgs);
    }

    private static void checkName(Instruction.Arg arg, ArgDeclaration decl) throws PlanException {
        if (!BuildArgs.NAME.matcher(decl.name()).matches()) {
            throw PlanException.at(arg.meta().range(), "ARG name \"" + decl.name()
                    + "\" is invalid: use letters, digits and _, not starting with a digit");
        }
    }

    private Header header(RawStage stage, Map<String, String> globals, List<Header> earlier) throws PlanException {
        Instruction.From from = stage.from();
        Instruction.From expanded = from.expand(new WordExpander(dockerfile.escapeChar(), globals, from.meta().range(),
                "FROM", from.meta().text()));
        String image = expanded.image();
        if (image.isEmpty()) {
            throw PlanException.at(from.meta().range(), "base name (" + from.image() + ") should not be blank");
        }
        Optional<String> platform = expanded.platform();
        if (from.stageName().isPresent()) {
            Integer same = stageNames.get(from.stageName().get());
            if (same != null) {
                throw PlanException.at(from.meta().range(), "duplicate stage name \"" + from.stageName().get()
                        + "\": already used at line " + earlier.get(same).from().meta().range().start().line());
            }
        }
        StageBase base;
        if (image.equalsIgnoreCase("scratch")) {
            base = new StageBase.Scratch();
        } else {
            Integer parent = stageNames.get(image.toLowerCase(Locale.ROOT));
            base = parent != null ? new StageBase.Stage(parent) : new StageBase.Image(image);
        }
        from.stageName().ifPresent(n -> stageNames.put(n, stage.index()));
        return new Header(stage, expanded, from.stageName(), base, platform);
    }

    private int targetIndex(List<Header> headers) throws PlanException {
        if (options.target().isEmpty() || options.target().get().isEmpty()) {
            return headers.size() - 1;
        }
        String wanted = options.target().get().toLowerCase(Locale.ROOT);
        for (Header h : headers) {
            if (h.name().map(wanted::equals).orElse(false)) {
                return h.raw().index();
            }
        }
        List<String> names = headers.stream().flatMap(h -> h.name().stream()).toList();
        // BuildKit's words, and its suggestion among the stages' names (unnamed ones are stage-N there)
        List<String> buildKitNames = headers.stream().map(h -> buildKitName(h, headers)).toList();
        Optional<String> near = Suggest.search(options.target().get(), buildKitNames, true);
        throw PlanException.ofValue("target stage \"" + options.target().get() + "\" could not be found"
                + (near.isPresent() ? " (did you mean " + near.get() + "?)"
                : names.isEmpty() ? " (no stage has a name)" : " (stages: " + String.join(", ", names) + ")"));
    }

    /**
     * The stages one stage needs: its base, COPY --from and RUN --mount from= sources, those of the base's ONBUILD
     * triggers included (the base stage's or the base image's: a trigger's {@code --from} names a stage of this
     * file, the one consuming the image). A source defined after the stage goes to {@code late}.
     */
    private Set<Integer> dependencies(Header header, List<Header> headers, List<LateReference> late)
            throws PlanException {
        Set<Integer> deps = new TreeSet<>();
        List<Instruction> triggers = List.of();
        if (header.base() instanceof StageBase.Stage s) {
            deps.add(s.index());
            triggers = stageTriggers(headers.get(s.index()));
        } else if (header.base() instanceof StageBase.Image img) {
            triggers = triggers(img.reference(), header.from());
        }
        SourceRange at = header.from().meta().range(); // BuildKit reports a trigger's problems at the FROM line
        for (Instruction trigger : triggers) {
            references(trigger, at, header, headers, deps, late);
        }
        for (Instruction instruction : header.raw().body()) {
            references(instruction, instruction.meta().range(), header, headers, deps, late);
        }
        return deps;
    }

    /** Adds the stages one instruction reads to {@code deps}; ONBUILD's own instruction is for a later build. */
    private void references(Instruction in, SourceRange where, Header header, List<Header> headers, Set<Integer> deps,
                            List<LateReference> late) throws PlanException {
        int self = header.raw().index();
        if (in instanceof Instruction.Copy copy && copy.from().isPresent()) {
            Optional<Integer> source = stageReference(copy.from().get(), "COPY --from", where, headers);
            if (source.isPresent()) {
                deps.add(source.get());
                if (source.get() > self) {
                    late.add(new LateReference(self, PlanException.at(where, "cannot copy from stage \""
                            + copy.from().get() + "\", it needs to be defined before current stage \""
                            + buildKitName(header, headers) + "\"")));
                }
            }
        } else if (in instanceof Instruction.Run run) {
            for (String mount : run.mounts()) {
                Optional<String> from = RunMount.from(mount);
                if (from.isEmpty()) {
                    continue;
                }
                Optional<Integer> source = stageReference(from.get(), "RUN --mount from", where, headers);
                if (source.isPresent()) {
                    deps.add(source.get());
                    if (source.get() > self) {
                        String target = RunMount.target(mount).orElse("");
                        late.add(new LateReference(self, PlanException.at(where, "cannot mount from stage \""
                                + from.get() + "\" to \"" + target
                                + "\", stage needs to be defined before current command")));
                    }
                }
            }
        }
    }

    /** The name BuildKit gives a stage in messages: its AS name, else {@code stage-N} (nothing when it is alone). */
    private static String buildKitName(Header header, List<Header> headers) {
        return header.name().orElse(headers.size() == 1 ? "" : "stage-" + header.raw().index());
    }

    /**
     * The stage that {@code ref} names (by name or index), empty when it names an image. A bare word that is no
     * stage is refused: it is almost always a misspelt stage, not an image.
     */
    private Optional<Integer> stageReference(String ref, String what, SourceRange where, List<Header> headers)
            throws PlanException {
        String plain;
        try {
            plain = shell.processWord(ref, VariableLookup.empty());
        } catch (ExpansionException e) {
            throw PlanException.at(where, what + "=" + ref + ": " + e.getMessage());
        }
        if (!plain.equals(ref)) {
            throw PlanException.at(where, "variable expansion is not supported for " + what
                    + ", define a new stage with FROM using ARG from global scope as a workaround");
        }
        Integer named = stageNames.get(ref.toLowerCase(Locale.ROOT));
        if (named != null) {
            return Optional.of(named);
        }
        if (ref.chars().allMatch(Character::isDigit) && !ref.isEmpty()) {
            int index;
            try {
                index = Integer.parseInt(ref);
            } catch (NumberFormatException e) {
                index = Integer.MAX_VALUE;
            }
            if (index >= headers.size()) {
                throw PlanException.at(where, what + "=" + ref + ": there is no stage " + ref + " (stages are numbered 0 to "
                        + (headers.size() - 1) + ")");
            }
            return Optional.of(index);
        }
        if (!ref.contains(":") && !ref.contains("/") && !ref.contains("@")) {
            List<String> names = headers.stream().flatMap(h -> h.name().stream()).toList();
            throw PlanException.at(where, what + "=" + ref + ": no stage is named \"" + ref + "\""
                    + (names.isEmpty() ? "" : " (stages: " + String.join(", ", names) + ")")
                    + "; to copy from an image, give its full reference, e.g. " + ref + ":latest");
        }
        return Optional.empty();
    }

    /**
     * Depth-first from the target: dependencies before dependents, cycles refused. Iterative, with a stack of its
     * own: a chain of thousands of stages must not overflow the thread's stack.
     */
    private static List<Integer> buildOrder(int target, Map<Integer, Set<Integer>> deps, Dependencies read,
                                            List<Header> headers) throws PlanException {
        List<Integer> order = new ArrayList<>();
        Set<Integer> done = new HashSet<>();
        Set<Integer> active = new LinkedHashSet<>();
        Deque<Map.Entry<Integer, Iterator<Integer>>> path = new ArrayDeque<>();
        active.add(target);
        deps.put(target, read.of(target));
        path.push(Map.entry(target, deps.get(target).iterator()));
        while (!path.isEmpty()) {
            int stage = path.peek().getKey();
            Iterator<Integer> next = path.peek().getValue();
            if (!next.hasNext()) {
                path.pop();
                active.remove(stage);
                done.add(stage);
                order.add(stage);
                continue;
            }
            int dep = next.next();
            if (done.contains(dep)) {
                continue;
            }
            Header h = headers.get(stage);
            if (dep == stage) {
                throw PlanException.at(h.from().meta().range(), "circular dependency detected on stage: "
                        + h.name().orElse(String.valueOf(stage)) + " refers to itself");
            }
            if (!active.add(dep)) {
                Header d = headers.get(dep);
                throw PlanException.at(d.from().meta().range(), "circular dependency detected on stage: "
                        + d.name().orElse(String.valueOf(dep)));
            }
            if (!deps.containsKey(dep)) {
                deps.put(dep, read.of(dep));
            }
            path.push(Map.entry(dep, deps.get(dep).iterator()));
        }
        return order;
    }

    /** Reads the stages one stage needs; called once for each stage the target reaches. */
    @FunctionalInterface
    private interface Dependencies {
        Set<Integer> of(int stage) throws PlanException;
    }

    private PlannedStage planStage(Header header, Map<String, String> globals, Set<Integer> deps,
                                   Map<Integer, PlannedStage> planned, List<Header> headers) throws PlanException {
        Map<String, String> imageEnv = new LinkedHashMap<>();
        if (header.base() instanceof StageBase.Scratch && !"windows".equals(options.targetPlatform().os())) {
            imageEnv.put("PATH", DefaultPath.VALUE); // BuildKit's empty image has a PATH
        } else if (header.base() instanceof StageBase.Stage s) {
            imageEnv.putAll(planned.get(s.index()).finalEnv());
        } else if (header.base() instanceof StageBase.Image img) {
            for (String kv : options.baseImage(img.reference()).env()) {
                int eq = kv.indexOf('=');
                imageEnv.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
            }
        }
        Map<String, String> env = new LinkedHashMap<>(imageEnv);
        List<PlannedStep> steps = new ArrayList<>();
        if (header.base() instanceof StageBase.Image img) {
            for (Instruction trigger : triggers(img.reference(), header.from())) {
                Instruction expanded = step(trigger, env, imageEnv, globals);
                steps.add(new PlannedStep(expanded, env, imageEnv, Optional.of(img.reference())));
            }
        } else if (header.base() instanceof StageBase.Stage s) {
            Header parent = headers.get(s.index());
            String name = "stage " + parent.name().orElse(String.valueOf(s.index()));
            for (Instruction trigger : stageTriggers(parent)) {
                Instruction expanded = step(trigger, env, imageEnv, globals);
                steps.add(new PlannedStep(expanded, env, imageEnv, Optional.of(name)));
            }
        }
        for (Instruction instruction : header.raw().body()) {
            Instruction expanded = step(instruction, env, imageEnv, globals);
            steps.add(new PlannedStep(expanded, env, imageEnv));
        }
        return new PlannedStage(header.raw().index(), header.name(), header.from(), header.base(), header.platform(),
                steps, deps, imageEnv);
    }

    /**
     * The ONBUILD triggers a stage declares: BuildKit runs them in a stage built FROM it (the stage's own image
     * keeps them in its config; a child's config starts without them).
     */
    private static List<Instruction> stageTriggers(Header stage) {
        List<Instruction> out = new ArrayList<>();
        for (Instruction in : stage.raw().body()) {
            if (in instanceof Instruction.Onbuild o) {
                out.add(o.trigger());
            }
        }
        return out;
    }

    /** The base image's ONBUILD triggers as instructions; one that is not a valid trigger fails at the FROM line. */
    private List<Instruction> triggers(String reference, Instruction.From from) throws PlanException {
        List<Instruction> known = imageTriggers.get(reference);
        if (known != null) {
            return known;
        }
        List<Instruction> out = new ArrayList<>();
        for (String text : options.baseImage(reference).onBuild()) {
            ParseResult parsed = DockerfileParser.parse(text);
            String problem = parsed.errors().isEmpty() ? null : parsed.errors().get(0).message();
            if (problem == null && parsed.dockerfile().instructions().size() != 1) {
                problem = "not a single instruction";
            }
            if (problem == null) {
                Instruction in = parsed.dockerfile().instructions().get(0);
                if (in instanceof Instruction.From || in instanceof Instruction.Onbuild
                        || in instanceof Instruction.Maintainer) {
                    problem = in.name() + " isn't allowed as an ONBUILD trigger";
                } else {
                    out.add(in);
                    continue;
                }
            }
            throw PlanException.at(from.meta().range(), "ONBUILD trigger \"" + text + "\" of " + reference + ": "
                    + problem);
        }
        imageTriggers.put(reference, List.copyOf(out));
        return out;
    }

    /** Expands one instruction (the words its record names) and applies its effect on the variables in scope. */
    private Instruction step(Instruction in, Map<String, String> env, Map<String, String> imageEnv,
                             Map<String, String> globals) throws PlanException {
        Instruction expanded = scope.apply(in, env, globals, new WordExpander(dockerfile.escapeChar(), env,
                in.meta().range(), in.name(), in.meta().text()));
        if (expanded instanceof Instruction.Env e) {
            for (KeyValue kv : e.variables()) { // only ENV reaches the image config, which replaces a value in place
                imageEnv.put(kv.key(), kv.value());
            }
        }
        return expanded;
    }

    /** One ARG default, expanded with the variables in scope when its declaration is reached. */
    private String expandedDefault(Instruction.Arg arg, ArgDeclaration decl, Map<String, String> scope)
            throws PlanException {
        WordExpander x = new WordExpander(dockerfile.escapeChar(), scope, arg.meta().range(), "ARG", arg.meta().text());
        return new Instruction.Arg(arg.meta(), List.of(decl)).expand(x).declarations().get(0).defaultValue()
                .orElseThrow();
    }
}
