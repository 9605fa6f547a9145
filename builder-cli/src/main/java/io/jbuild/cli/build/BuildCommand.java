package io.jbuild.cli.build;

import io.jbuild.cli.CodeSpecs;
import io.jbuild.cli.JbuildCommand;
import io.jbuild.cli.PlainArgs;
import io.jbuild.cli.image.StoreOptions;
import io.jbuild.cli.progress.PlainProgress;
import io.jbuild.cli.progress.RawJsonProgress;
import io.jbuild.cli.progress.TtyProgress;
import io.jbuild.cli.terminal.Terminals;
import io.jbuild.core.build.BuildException;
import io.jbuild.core.build.BuildListener;
import io.jbuild.core.build.BuildRequest;
import io.jbuild.core.buildcache.CacheSource;
import io.jbuild.core.buildcache.CacheTarget;
import io.jbuild.core.build.BuildResult;
import io.jbuild.core.build.StreamedInputs;
import io.jbuild.core.context.DockerfileName;
import io.jbuild.core.exec.NetworkMode;
import io.jbuild.core.export.Exporter;
import io.jbuild.core.export.Output;
import io.jbuild.core.image.Descriptor;
import io.jbuild.core.fs.InputFiles;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.core.layer.Compression;
import io.jbuild.core.pipeline.BuildPipeline;
import io.jbuild.core.plan.BuildArgs;
import io.jbuild.core.plan.PlanException;
import io.jbuild.core.registry.ImagePusher;
import io.jbuild.core.registry.PushResult;
import io.jbuild.core.registry.RegistryOptions;
import io.jbuild.core.registry.TransferListener;
import io.jbuild.core.store.ImageStore;
import io.jbuild.grammar.lint.LintDiagnostic;
import io.jbuild.grammar.lint.LintOptions;
import io.jbuild.grammar.lint.Linter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code jbuild build}: build an image from a Dockerfile into the local store. Its options are declared in code
 * ({@link CodeSpecs}): this is the command whose start-up users wait for most.
 */
public final class BuildCommand implements Callable<Integer> {

    /** BuildKit's limit on one secret (its secrets provider refuses larger ones). */
    static final long MAX_SECRET_BYTES = 500 << 10;

    private static final String DEFAULT_COMPRESSION = "gzip";
    private static final String DEFAULT_PROGRESS = "auto";
    private static final String DEFAULT_NETWORK = "default";

    /** How {@link PlainArgs} reads build's options: the names of the model's (BuildCommandTest holds them equal). */
    static final PlainArgs.Grammar GRAMMAR = new PlainArgs.Grammar(
            List.of(List.of("--no-cache"), List.of("--quiet", "-q"), List.of("--pull"), List.of("--push"),
                    List.of("--check")),
            List.of(List.of("--file", "-f"), List.of("--target"), List.of("--platform"), List.of("--source-date-epoch"),
                    List.of("--compression"), List.of("--progress"), List.of("--iidfile"), List.of("--network"),
                    List.of("--root")),
            List.of(List.of("--tag", "-t"), List.of("--build-arg"), List.of("--label"), List.of("--output", "-o"),
                    List.of("--insecure-registry"), List.of("--allow"), List.of("--secret"), List.of("--cache-from"),
                    List.of("--cache-to")));

    /** The model picocli reads the command line by; null for a line read without it ({@link #plain}). */
    private final CommandSpec spec;

    private Path context;
    private Path file;
    private List<String> tags;
    private List<String> buildArgs;
    private String target;
    private String platform;
    private List<String> labels;
    private boolean noCache;
    private Long sourceDateEpoch;
    private String compression;
    private List<String> outputs;
    private String progress;
    private boolean quiet;
    private Path iidfile;
    private boolean pull;
    private boolean push;
    private List<String> insecureRegistries;
    private String network;
    private List<String> allow;
    private List<String> secrets;
    private boolean check;
    private List<String> cacheFrom;
    private List<String> cacheTo;
    private Path root;

    private BuildCommand() {
        spec = model();
    }

    /** A build read without picocli: no model ({@link #plain}). */
    private BuildCommand(PlainArgs line) {
        spec = null;
        take(line);
    }

    /** Takes the values of the command line, however it was read (picocli has checked its values convert). */
    private void take(PlainArgs line) {
        context = Path.of(line.positionals().get(0));
        file = line.path("--file");
        tags = line.list("--tag");
        buildArgs = line.list("--build-arg");
        target = line.value("--target");
        platform = line.value("--platform");
        labels = line.list("--label");
        noCache = line.flag("--no-cache");
        String epoch = line.value("--source-date-epoch");
        sourceDateEpoch = epoch == null ? null : Long.valueOf(epoch);
        compression = Objects.requireNonNullElse(line.value("--compression"), DEFAULT_COMPRESSION);
        outputs = line.list("--output");
        progress = Objects.requireNonNullElse(line.value("--progress"), DEFAULT_PROGRESS);
        quiet = line.flag("--quiet");
        iidfile = line.path("--iidfile");
        pull = line.flag("--pull");
        push = line.flag("--push");
        insecureRegistries = line.list("--insecure-registry");
        network = Objects.requireNonNullElse(line.value("--network"), DEFAULT_NETWORK);
        allow = line.list("--allow");
        secrets = line.list("--secret");
        check = line.flag("--check");
        cacheFrom = line.list("--cache-from");
        cacheTo = line.list("--cache-to");
        root = line.path("--root");
    }

    /**
     * The build for {@code args} ({@code build} first) when they are only its options and PATH in their plain forms
     * ({@link PlainArgs}): it then runs without picocli, whose model of the command was ~25 ms of a no-change
     * build's start-up ({@link #run}). Anything else is picocli's: empty. PATH {@code -} (standard input) is too.
     */
    public static Optional<BuildCommand> plain(String... args) {
        Optional<PlainArgs> line = PlainArgs.parse(GRAMMAR, args);
        if (line.isEmpty() || line.get().positionals().size() != 1) {
            return Optional.empty();
        }
        String epoch = line.get().value("--source-date-epoch");
        if (epoch != null && !epoch.matches("[0-9]{1,18}")) {
            return Optional.empty(); // picocli reads other forms of a number, or says why it is none
        }
        try {
            return Optional.of(new BuildCommand(line.get()));
        } catch (InvalidPathException e) {
            return Optional.empty(); // picocli says why
        }
    }

    /** A usage mistake found after reading: picocli's, or, for a line read without it, picocli's to read again. */
    private RuntimeException usage(String message) {
        return spec != null ? new ParameterException(spec.commandLine(), message) : new LeftToPicocli();
    }

    /**
     * Thrown by {@link #run} of a command line read without picocli when the line holds a usage mistake, before
     * anything is read or written: picocli then reads the line and reports it, as it does for any build.
     */
    public static final class LeftToPicocli extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private LeftToPicocli() {
            super(null, null, false, false);
        }
    }

    private CommandSpec model() {
        CommandSpec spec = CodeSpecs.command(this, "build",
                "Build an image from a Dockerfile, without a daemon, into the local image store.",
                "RUN steps run in runc containers (root, runc and overlayfs are needed for them).");
        spec.versionProvider(new JbuildCommand.Version());
        spec.addPositional(PositionalParamSpec.builder().index("0").arity("1").required(true).paramLabel("PATH").type(Path.class)
                .description("The build context directory.").build());
        spec.addOption(CodeSpecs.single(Path.class, "PATH", "-f", "--file")
                .description("The Dockerfile (default: PATH/Dockerfile).").build());
        spec.addOption(CodeSpecs.repeatable("NAME[:TAG]", new String[] {"-t", "--tag"}, "Name the image; repeatable."));
        spec.addOption(CodeSpecs.repeatable("KEY[=VALUE]", new String[] {"--build-arg"},
                "Set a build-time variable; repeatable."));
        spec.addOption(CodeSpecs.single(String.class, "STAGE", "--target")
                .description("Build this stage (default: the last one).").build());
        spec.addOption(CodeSpecs.single(String.class, "OS/ARCH[/VARIANT][,...]", "--platform")
                .description("Target platform; several, comma-separated, build one image each under an OCI image "
                        + "index that the tags name (RUN of another platform runs under QEMU via binfmt_misc).")
                .build());
        spec.addOption(CodeSpecs.repeatable("KEY=VALUE", new String[] {"--label"},
                "Add a label to the image; repeatable."));
        spec.addOption(CodeSpecs.flag(new String[] {"--no-cache"}, "Do not use the build cache."));
        spec.addOption(CodeSpecs.single(Long.class, "SECONDS", "--source-date-epoch")
                .description("Clamp every timestamp to this Unix time for reproducible images "
                        + "(default: $SOURCE_DATE_EPOCH).").build());
        spec.addOption(CodeSpecs.single(String.class, "gzip|zstd|uncompressed", "--compression").defaultValue(DEFAULT_COMPRESSION)
                .description("Layer compression (default: ${DEFAULT-VALUE}).").build());
        spec.addOption(CodeSpecs.repeatable("SPEC", new String[] {"-o", "--output"},
                "Also write the result: type=oci,dest=DIR|FILE.tar, type=docker,dest=FILE, "
                        + "type=local,dest=DIR, or a bare DIR (= type=local); repeatable. type=registry[,name=NAME]"
                        + " instead pushes to the tags without storing the image."));
        spec.addOption(CodeSpecs.single(String.class, "auto|plain|tty|quiet|rawjson", "--progress").defaultValue(DEFAULT_PROGRESS)
                .description("How to show progress (default: ${DEFAULT-VALUE}: tty on a terminal, else plain).")
                .build());
        spec.addOption(CodeSpecs.flag(new String[] {"-q", "--quiet"}, "Print only the image ID."));
        spec.addOption(CodeSpecs.single(Path.class, "FILE", "--iidfile").description("Write the image ID to FILE.")
                .build());
        spec.addOption(CodeSpecs.flag(new String[] {"--pull"},
                "Always pull base images, even when the store has them."));
        spec.addOption(CodeSpecs.flag(new String[] {"--push"}, "Push every -t tag to its registry after the build."));
        spec.addOption(CodeSpecs.repeatable("HOST[:PORT]", new String[] {"--insecure-registry"},
                "A registry that may be reached over plain http (localhost always may). Repeatable."));
        spec.addOption(CodeSpecs.single(String.class, "default|host|none", "--network").defaultValue(DEFAULT_NETWORK)
                .description("Network of RUN steps that do not say (default: ${DEFAULT-VALUE}, a private one with "
                        + "outbound access; host also lets steps ask for it).").build());
        spec.addOption(CodeSpecs.repeatable("ENTITLEMENT", new String[] {"--allow"},
                "Grant an entitlement: network.host lets RUN --network=host use the host's network. Repeatable."));
        spec.addOption(CodeSpecs.repeatable("id=ID,src=FILE", new String[] {"--secret"},
                "A file RUN --mount=type=secret,id=ID may read; never stored in the image. Repeatable."));
        spec.addOption(CodeSpecs.repeatable("SPEC", new String[] {"--cache-from"},
                "Also take steps from a cache other builds exported: type=registry,ref=REF (or a bare REF), "
                        + "type=local,src=DIR. Unreadable: a warning. Repeatable."));
        spec.addOption(CodeSpecs.repeatable("SPEC", new String[] {"--cache-to"},
                "Export the build's steps: type=registry,ref=REF or type=local,dest=DIR, with mode=min|max "
                        + "(default min: the image's steps; max: every stage's), ignore-error=true|false and "
                        + "mounts=ID (also the files of RUN --mount=type=cache,id=ID; repeat for several). "
                        + "Repeatable."));
        spec.addOption(CodeSpecs.flag(new String[] {"--check"}, "Lint the Dockerfile first (BuildKit's checks and "
                + "hadolint's rules); errors stop the build."));
        spec.addOption(StoreOptions.rootOption());
        return spec;
    }

    /** The command's model, its user object a new BuildCommand. */
    public static CommandSpec spec() {
        return new BuildCommand().spec;
    }

    /** Takes the values picocli read, as a plain reading would give them (one list of the fields: {@link #take}). */
    private void read() {
        Set<String> flags = new HashSet<>();
        Map<String, String> values = new HashMap<>();
        Map<String, List<String>> lists = new HashMap<>();
        for (OptionSpec o : spec.options()) {
            String name = o.longestName();
            List<String> given = o.originalStringValues();
            if (o.arity().max() == 0) {
                if (Boolean.TRUE.equals(o.getValue()) && !o.usageHelp() && !o.versionHelp()) {
                    flags.add(name);
                }
            } else if (o.isMultiValue()) {
                lists.put(name, List.copyOf(given));
            } else if (!given.isEmpty()) {
                values.put(name, given.get(given.size() - 1));
            }
        }
        take(new PlainArgs(flags, values, lists,
                List.of(spec.positionalParameters().get(0).originalStringValues().get(0))));
    }

    @Override
    public Integer call() throws IOException {
        read();
        return run(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /**
     * Builds as the command line says, writing to {@code out} and {@code err}; the exit code.
     *
     * @throws LeftToPicocli a line read without picocli holds a usage mistake (nothing is done yet)
     */
    public int run(PrintWriter out, PrintWriter err) throws IOException {
        // As docker build: "-" as PATH sends the context (a tar) or a Dockerfile alone on stdin; "-f -" the Dockerfile.
        boolean stdinContext = context.toString().equals("-");
        boolean stdinDockerfile = file != null && file.toString().equals("-");
        if (stdinContext && stdinDockerfile) {
            throw usage("cannot read both the build context and the Dockerfile from standard input");
        }
        Path dockerfile = DockerfileName.resolve(file != null ? file : context.resolve(DockerfileName.DEFAULT));
        if (!stdinContext && !Files.isDirectory(context)) {
            err.println("jbuild build: context " + context + ": not a directory");
            return 1;
        }
        if (!stdinContext && !stdinDockerfile) {
            Optional<String> problem = InputFiles.problem(dockerfile, StreamedInputs.MAX_DOCKERFILE_BYTES);
            if (problem.isPresent()) {
                err.println("jbuild build: " + dockerfile + ": " + problem.get());
                return 1;
            }
        }
        if (iidfile != null && InputFiles.outputProblem(iidfile).isPresent()) {
            err.println("jbuild build: --iidfile " + iidfile + ": " + InputFiles.outputProblem(iidfile).get());
            return 1;
        }
        BuildRequest request;
        try {
            Long epoch = sourceDateEpoch != null ? sourceDateEpoch : envEpoch();
            request = BuildRequest.builder(context).dockerfile(dockerfile)
                    .buildArgs(BuildArgs.parse(buildArgs, System.getenv()))
                    .target(target).platform(platform).tags(tags).labels(labels())
                    .noCache(noCache).compression(Compression.parse(compression))
                    .network(NetworkMode.parse(network).flag())
                    .allow(entitlements()).secrets(secrets()).pull(pull)
                    .insecureRegistries(Set.copyOf(insecureRegistries))
                    .cacheFrom(cacheFrom.stream().map(CacheSource::parse).toList())
                    .cacheTo(cacheTo.stream().map(CacheTarget::parse).toList())
                    .sourceDateEpoch(epoch == null ? null : Instant.ofEpochSecond(epoch)).build();
            request.platforms(); // a platform that is not valid is a usage error, before anything is built
        } catch (PlanException | IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        List<Output> exports = new ArrayList<>();
        try {
            for (String o : outputs) {
                exports.add(Exporter.parse(o));
            }
            Exporter.checkDestinations(exports, stdinContext ? null : context);
            request = pushOnly(request, exports);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        String mode = quiet ? "quiet" : progressMode();
        ImageStore store = StoreOptions.open(root);
        if (!stdinContext && !stdinDockerfile) {
            return build(store, request, dockerfile.toString(), exports, mode, out, err);
        }
        try (StreamedInputs streamed = StreamedInputs.open(store)) {
            String name;
            try {
                if (stdinDockerfile) {
                    request = request.toBuilder().dockerfile(streamed.dockerfile(System.in)).build();
                    name = "<stdin>";
                } else {
                    StreamedInputs.Context sent = streamed.context(System.in);
                    Path inContext = DockerfileName.resolve(sent.dir().resolve(
                            file != null ? file.toString() : DockerfileName.DEFAULT));
                    name = sent.dockerfile().isPresent() ? "<stdin>" : sent.dir().relativize(inContext).toString();
                    request = request.toBuilder().contextDir(sent.dir()).dockerfile(sent.dockerfile().orElse(inContext))
                            .build();
                    if (!Files.isRegularFile(request.dockerfile())) {
                        err.println("jbuild build: " + name + ": not in the context read from standard input");
                        return 1;
                    }
                }
            } catch (IOException e) {
                err.println("jbuild build: " + e.getMessage());
                return 1;
            }
            return build(store, request, name, exports, mode, out, err);
        }
    }

    /**
     * {@code -o type=registry}: the image goes to the tags ({@code -t}, and its {@code name=}) and not into the store,
     * as buildx's; it is the only output then (the others read the image from the store), and not with
     * {@code --push}, which stores and pushes. Takes it out of {@code exports}.
     */
    private BuildRequest pushOnly(BuildRequest request, List<Output> exports) {
        Optional<Output.Registry> registry = exports.stream().filter(Output.Registry.class::isInstance)
                .map(Output.Registry.class::cast).findFirst();
        if (registry.isEmpty()) {
            return request;
        }
        if (exports.size() > 1 || push) {
            throw new IllegalArgumentException("--output type=registry only pushes the image (it is not stored): it"
                    + " cannot go with --push, which stores and pushes, nor with another --output");
        }
        List<String> names = new ArrayList<>(request.tags());
        if (registry.get().name() != null) {
            names.add(ImageReference.parse(registry.get().name()).toString());
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("--output type=registry needs a -t NAME or name=NAME to push to");
        }
        exports.clear();
        return request.toBuilder().tags(names).pushOnly(true).build();
    }

    /** Builds, then pushes and exports as asked; {@code dockerfileName} is how messages name the Dockerfile. */
    private int build(ImageStore store, BuildRequest request, String dockerfileName, List<Output> exports, String mode,
                      PrintWriter out, PrintWriter err) throws IOException {
        Path dockerfile = request.dockerfile();
        if (check && !lintPasses(dockerfile, dockerfileName, request.contextDir(), request.buildArgs(), err)) {
            return 1;
        }
        if (push && request.tags().isEmpty()) {
            err.println("jbuild build: --push needs at least one -t NAME to push to");
            return 1;
        }
        try {
            PlainProgress plain = new PlainProgress(err);
            // As BuildKit: colors only on a terminal, and not when NO_COLOR is set (https://no-color.org).
            String noColor = System.getenv("NO_COLOR");
            TtyProgress tty = mode.equals("tty") ? new TtyProgress(err,
                    (noColor == null || noColor.isEmpty()) && Terminals.isTerminal(2), Terminals.width(80)) : null;
            BuildListener listener = switch (mode) {
                case "quiet" -> BuildListener.SILENT;
                case "tty" -> tty;
                case "rawjson" -> new RawJsonProgress(err);
                default -> plain;
            };
            BuildResult result = new BuildPipeline(store).run(request, listener, exports, BuildPipeline.SILENT,
                    push || request.pushOnly() ? (tags, image, lenders) -> push(store, tags,
                            request.pushOnly() ? image : null, lenders, err) : null);
            if (iidfile != null) {
                Files.writeString(iidfile, result.imageId().toString());
            }
            if (quiet || mode.equals("quiet")) {
                out.println(result.imageId());
            } else if (mode.equals("tty")) {
                tty.exported(result.imageId().toString(), result.tags());
            } else if (mode.equals("plain")) {
                plain.exported(result.imageId().toString(), result.tags());
            }
            out.flush();
            return 0;
        } catch (BuildException e) {
            err.print(excerpts(dockerfile, dockerfileName, e));
            err.println(e.format(dockerfileName));
            return 1;
        }
    }

    /**
     * {@code --push}: each tag to its registry, with the store's credentials; blobs of a {@code --cache-from}
     * registry cache on the same registry are mounted from it. {@code untagged}: the image of a build only pushed
     * (no tag in the store names it); null for the store's tags.
     */
    private void push(ImageStore store, List<String> tags, Descriptor untagged, Map<Digest, ImageReference> lenders,
                      PrintWriter err) throws IOException {
        ImagePusher pusher = new ImagePusher(store, RegistryOptions.defaults()
                .withInsecureRegistries(Set.copyOf(insecureRegistries)));
        for (String tag : tags) {
            PushResult pushed = untagged != null
                    ? pusher.push(ImageReference.parse(tag), untagged, new TransferListener() { }, lenders)
                    : pusher.push(ImageReference.parse(tag), new TransferListener() { }, lenders);
            if (!quiet) {
                err.println("pushed " + tag + " " + pushed.digest());
            }
        }
    }

    /** BuildKit's excerpt of the Dockerfile around each of the first problems that are about a line. */
    private static String excerpts(Path dockerfile, String dockerfileName, BuildException e) {
        String text;
        try {
            text = new String(Files.readAllBytes(dockerfile), StandardCharsets.UTF_8);
        } catch (IOException unreadable) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        e.problems().stream().filter(d -> !d.code().equals("argument")).limit(3)
                .forEach(d -> b.append(SourceExcerpt.render(Path.of(dockerfileName).getFileName().toString(), text,
                        d.range())));
        return b.toString();
    }

    /** The progress display asked for; {@code auto} is tty when standard error (where it goes) is a terminal. */
    private String progressMode() {
        String p = progress.toLowerCase(Locale.ROOT);
        if (!List.of("auto", "plain", "tty", "quiet", "rawjson").contains(p)) {
            throw usage("invalid --progress \"" + progress + "\": use auto, plain, tty, quiet or rawjson");
        }
        if (p.equals("auto")) {
            boolean terminal = Terminals.isTerminal(2) && !"dumb".equals(System.getenv("TERM"));
            return terminal ? "tty" : "plain";
        }
        return p;
    }

    /** Prints the findings; false when any is an error. */
    private boolean lintPasses(Path dockerfile, String dockerfileName, Path contextDir, Map<String, String> args,
                               PrintWriter err)
            throws IOException {
        List<LintDiagnostic> findings = Linter.standard().lint(dockerfile,
                LintOptions.defaults().withContext(contextDir).withBuildArgs(args));
        findings.forEach(d -> err.println(d.format(dockerfileName)));
        boolean ok = findings.stream().noneMatch(LintDiagnostic::isError);
        if (!ok) {
            err.println("jbuild build: --check found errors; nothing was built");
        }
        return ok;
    }

    /** {@code --allow} values: BuildKit's entitlements, of which jbuild knows network.host. */
    private Set<String> entitlements() {
        for (String e : allow) {
            if (!e.equals("network.host")) {
                throw new IllegalArgumentException("unsupported --allow \"" + e + "\" (network.host)");
            }
        }
        return Set.copyOf(allow);
    }

    /** {@code id=ID,src=FILE} (also {@code source=}, or {@code id=ID} alone for a file named ID). */
    private Map<String, Path> secrets() {
        Map<String, Path> out = new LinkedHashMap<>();
        for (String spec : secrets) {
            String id = null;
            String src = null;
            for (String field : spec.split(",")) {
                int eq = field.indexOf('=');
                String k = eq < 0 ? field : field.substring(0, eq);
                String v = eq < 0 ? "" : field.substring(eq + 1);
                switch (k) {
                    case "id" -> id = v;
                    case "src", "source" -> src = v;
                    case "type" -> {
                        if (!v.equals("file")) {
                            throw new IllegalArgumentException("--secret " + spec + ": only type=file is supported");
                        }
                    }
                    default -> throw new IllegalArgumentException("--secret " + spec + ": unknown field \"" + k + "\"");
                }
            }
            if (id == null || id.isEmpty()) {
                throw new IllegalArgumentException("--secret " + spec + ": id= is required");
            }
            Path file = Path.of(src == null ? id : src);
            Optional<String> problem = InputFiles.problem(file, MAX_SECRET_BYTES);
            if (problem.isPresent()) {
                throw new IllegalArgumentException("--secret " + spec + ": " + file + ": " + problem.get());
            }
            out.put(id, file);
        }
        return out;
    }

    private Map<String, String> labels() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String l : labels) {
            int eq = l.indexOf('=');
            out.put(eq < 0 ? l : l.substring(0, eq), eq < 0 ? "" : l.substring(eq + 1));
        }
        return out;
    }

    private Long envEpoch() {
        String v = System.getenv("SOURCE_DATE_EPOCH");
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SOURCE_DATE_EPOCH=" + v + " is not a number of seconds");
        }
    }
}
