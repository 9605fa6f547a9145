package io.jbuild.cli.build;

import io.jbuild.cli.image.StoreOptions;
import io.jbuild.cli.progress.PlainProgress;
import io.jbuild.cli.progress.RawJsonProgress;
import io.jbuild.cli.progress.TtyProgress;
import io.jbuild.cli.terminal.Terminals;
import io.jbuild.core.build.BuildException;
import io.jbuild.core.export.Exporter;
import io.jbuild.core.image.ImageReference;
import io.jbuild.core.registry.ImagePusher;
import io.jbuild.core.registry.PushResult;
import io.jbuild.core.registry.RegistryOptions;
import io.jbuild.core.registry.TransferListener;
import io.jbuild.core.export.Output;
import io.jbuild.grammar.lint.LintDiagnostic;
import io.jbuild.grammar.lint.LintOptions;
import io.jbuild.grammar.lint.Linter;
import io.jbuild.core.build.BuildListener;
import io.jbuild.core.build.BuildRequest;
import io.jbuild.core.build.BuildResult;
import io.jbuild.core.build.ImageBuilder;
import io.jbuild.core.layer.Compression;
import io.jbuild.core.plan.BuildArgs;
import io.jbuild.core.plan.PlanException;
import io.jbuild.core.store.ImageStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jbuild build}: build an image from a Dockerfile into the local store. */
@Command(name = "build",
        mixinStandardHelpOptions = true,
        description = {"Build an image from a Dockerfile, without a daemon, into the local image store.",
            "RUN steps run in runc containers (root, runc and overlayfs are needed for them)."})
public final class BuildCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATH", description = "The build context directory.")
    Path context;

    @Option(names = {"-f", "--file"}, paramLabel = "PATH", description = "The Dockerfile (default: PATH/Dockerfile).")
    Path file;

    @Option(names = {"-t", "--tag"}, paramLabel = "NAME[:TAG]", description = "Name the image; repeatable.")
    List<String> tags = new ArrayList<>();

    @Option(names = "--build-arg", paramLabel = "KEY[=VALUE]", description = "Set a build-time variable; repeatable.")
    List<String> buildArgs = new ArrayList<>();

    @Option(names = "--target", paramLabel = "STAGE", description = "Build this stage (default: the last one).")
    String target;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", description = "Target platform.")
    String platform;

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Add a label to the image; repeatable.")
    List<String> labels = new ArrayList<>();

    @Option(names = "--no-cache", description = "Do not use the build cache.")
    boolean noCache;

    @Option(names = "--source-date-epoch", paramLabel = "SECONDS",
            description = "Clamp every timestamp to this Unix time for reproducible images (default: $SOURCE_DATE_EPOCH).")
    Long sourceDateEpoch;

    @Option(names = "--compression", paramLabel = "gzip|zstd|uncompressed", defaultValue = "gzip",
            description = "Layer compression (default: ${DEFAULT-VALUE}).")
    String compression;

    @Option(names = {"-o", "--output"}, paramLabel = "SPEC",
            description = "Also write the result: type=oci,dest=DIR|FILE.tar, type=docker,dest=FILE, "
                    + "type=local,dest=DIR, or a bare DIR (= type=local); repeatable.")
    List<String> outputs = new ArrayList<>();

    @Option(names = "--progress", paramLabel = "auto|plain|tty|quiet|rawjson", defaultValue = "auto",
            description = "How to show progress (default: ${DEFAULT-VALUE}: tty on a terminal, else plain).")
    String progress;

    @Option(names = {"-q", "--quiet"}, description = "Print only the image ID.")
    boolean quiet;

    @Option(names = "--iidfile", paramLabel = "FILE", description = "Write the image ID to FILE.")
    Path iidfile;

    @Option(names = "--pull", description = "Always pull base images, even when the store has them.")
    boolean pull;

    @Option(names = "--push", description = "Push every -t tag to its registry after the build.")
    boolean push;

    @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]",
            description = "A registry that may be reached over plain http (localhost always may). Repeatable.")
    List<String> insecureRegistries = new ArrayList<>();

    @Option(names = "--network", paramLabel = "host|none", defaultValue = "host",
            description = "Network of RUN steps that do not say (default: ${DEFAULT-VALUE}).")
    String network;

    @Option(names = "--secret", paramLabel = "id=ID,src=FILE",
            description = "A file RUN --mount=type=secret,id=ID may read; never stored in the image. Repeatable.")
    List<String> secrets = new ArrayList<>();

    @Option(names = "--check", description = "Lint the Dockerfile first (BuildKit's checks and hadolint's rules); "
            + "errors stop the build.")
    boolean check;

    @Mixin
    StoreOptions storeOptions;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dockerfile = file != null ? file : context.resolve("Dockerfile");
        if (!Files.isDirectory(context)) {
            err.println("jbuild build: context " + context + ": not a directory");
            return 1;
        }
        if (!Files.isRegularFile(dockerfile)) {
            err.println("jbuild build: " + dockerfile + ": no such file");
            return 1;
        }
        BuildRequest request;
        try {
            request = BuildRequest.of(context).withDockerfile(dockerfile)
                    .withBuildArgs(BuildArgs.parse(buildArgs, System.getenv()))
                    .withTarget(target).withPlatform(platform).withTags(tags).withLabels(labels())
                    .withNoCache(noCache).withCompression(Compression.parse(compression))
                    .withNetwork(network).withSecrets(secrets()).withPull(pull)
                    .withInsecureRegistries(java.util.Set.copyOf(insecureRegistries));
            Long epoch = sourceDateEpoch != null ? sourceDateEpoch : envEpoch();
            if (epoch != null) {
                request = request.withSourceDateEpoch(Instant.ofEpochSecond(epoch));
            }
        } catch (PlanException | IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        List<Output> exports = new ArrayList<>();
        try {
            for (String o : outputs) {
                exports.add(Exporter.parse(o));
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (check && !lintPasses(dockerfile, request.buildArgs(), err)) {
            return 1;
        }
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "jbuild-compress");
            t.setDaemon(true);
            return t;
        });
        try {
            ImageStore store = storeOptions.open();
            String mode = quiet ? "quiet" : progressMode();
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
            long t0 = System.nanoTime();
            BuildResult result = new ImageBuilder(store, pool, threads).build(request, listener);
            if (push) {
                if (result.tags().isEmpty()) {
                    err.println("jbuild build: --push needs at least one -t NAME to push to");
                    return 1;
                }
                ImagePusher pusher = new ImagePusher(store, RegistryOptions.defaults()
                        .withInsecureRegistries(java.util.Set.copyOf(insecureRegistries)));
                for (String tag : result.tags()) {
                    PushResult pushed = pusher.push(ImageReference.parse(tag), new TransferListener() { });
                    if (!quiet) {
                        err.println("pushed " + tag + " " + pushed.digest());
                    }
                }
            }
            for (Output o : exports) {
                new Exporter(store).export(o, result.tags().isEmpty() ? result.imageId().toString() : result.tags().get(0));
            }
            if (iidfile != null) {
                Files.writeString(iidfile, result.imageId().toString());
            }
            if (quiet || mode.equals("quiet")) {
                out.println(result.imageId());
            } else if (mode.equals("tty")) {
                tty.exported(result.imageId().toString(), result.tags());
            } else if (mode.equals("plain")) {
                plain.exported(result.imageId().toString(), result.tags(), Duration.ofNanos(System.nanoTime() - t0));
            }
            out.flush();
            return 0;
        } catch (BuildException e) {
            err.print(excerpts(dockerfile, e));
            err.println(e.format(dockerfile.toString()));
            return 1;
        } finally {
            pool.shutdownNow();
        }
    }

    /** BuildKit's excerpt of the Dockerfile around each of the first problems that are about a line. */
    private static String excerpts(Path dockerfile, BuildException e) {
        String text;
        try {
            text = new String(Files.readAllBytes(dockerfile), StandardCharsets.UTF_8);
        } catch (IOException unreadable) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        e.problems().stream().filter(d -> !d.code().equals("argument")).limit(3)
                .forEach(d -> b.append(SourceExcerpt.render(dockerfile.getFileName().toString(), text, d.range())));
        return b.toString();
    }

    /** The progress display asked for; {@code auto} is tty when standard error (where it goes) is a terminal. */
    private String progressMode() {
        String p = progress.toLowerCase(java.util.Locale.ROOT);
        if (!List.of("auto", "plain", "tty", "quiet", "rawjson").contains(p)) {
            throw new ParameterException(spec.commandLine(), "invalid --progress \"" + progress
                    + "\": use auto, plain, tty, quiet or rawjson");
        }
        if (p.equals("auto")) {
            boolean terminal = Terminals.isTerminal(2) && !"dumb".equals(System.getenv("TERM"));
            return terminal ? "tty" : "plain";
        }
        return p;
    }

    /** Prints the findings; false when any is an error. */
    private boolean lintPasses(Path dockerfile, Map<String, String> args, PrintWriter err) throws IOException {
        List<LintDiagnostic> findings = Linter.standard().lint(dockerfile,
                LintOptions.defaults().withContext(context).withBuildArgs(args));
        findings.forEach(d -> err.println(d.format(dockerfile.toString())));
        boolean ok = findings.stream().noneMatch(LintDiagnostic::isError);
        if (!ok) {
            err.println("jbuild build: --check found errors; nothing was built");
        }
        return ok;
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
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("--secret " + spec + ": " + file + " is not a readable file");
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
