package io.jbuild.cli.lint;

import io.jbuild.cli.JbuildCommand;
import io.jbuild.cli.PlainArgs;
import io.jbuild.core.build.StreamedInputs;
import io.jbuild.core.fs.InputFiles;
import io.jbuild.core.context.DockerfileName;
import io.jbuild.grammar.lint.LintConfigFile;
import io.jbuild.grammar.lint.LintConfig;
import io.jbuild.grammar.lint.LintConfigException;
import io.jbuild.grammar.lint.LintOptions;
import io.jbuild.grammar.lint.Linter;
import io.jbuild.grammar.parser.DockerfileParser;
import io.jbuild.grammar.source.Severity;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jbuild lint}: BuildKit's build checks and hadolint's rules over Dockerfiles. */
@Command(name = "lint",
        mixinStandardHelpOptions = true,
        description = {
            "Lint Dockerfiles: syntax errors, BuildKit's build checks and hadolint's DL rules.",
            "Configure with '# check=skip=RULE,...;error=true' in the Dockerfile, '# hadolint ignore=RULE' above an",
            "instruction, and a .jbuild-lint.yaml or .hadolint.yaml (ignored, override, trustedRegistries,",
            "label-schema, failure-threshold), found in the context directory or the current directory.",
            "Exit code 1 when a finding reaches the failure threshold (default: error), unless --no-fail."})
public final class LintCommand implements Callable<Integer> {

    /** Output formats. */
    public enum Format { text, json, sarif, checkstyle }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..*",
            description = "Dockerfiles to lint, '-' for standard input (default: Dockerfile).")
    List<String> files = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--no-fail", description = "Exit 0 even when there are errors.")
    boolean noFail;

    @Option(names = "--context", paramLabel = "DIR",
            description = "The build context: its .dockerignore enables CopyIgnoredFile; its configuration file is used.")
    Path context;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file (.jbuild-lint.yaml or .hadolint.yaml format).")
    Path config;

    @Option(names = "--build-arg", paramLabel = "NAME=VALUE",
            description = "A build argument, as 'jbuild build' would get it (it counts as defined).")
    Map<String, String> buildArgs = new LinkedHashMap<>();

    /** Lint's options as {@link PlainArgs} reads them. */
    private static final PlainArgs.Grammar PLAIN = new PlainArgs.Grammar(List.of(List.of("--no-fail")),
            List.of(List.of("--format"), List.of("--context"), List.of("--config")), List.of(List.of("--build-arg")),
            true);

    /**
     * The command for {@code args} ({@code lint} first) when they are only files and lint's own options with their
     * values: {@code jbuild lint} then runs without picocli, whose model of the command (reflection over the
     * annotations, a generated proxy class per annotation type) and reading of each file argument were about a fifth
     * of the CPU of a lint of a few files. Anything else (help, {@code --}, an {@code @file}, a repeated or unknown
     * option, a value picocli would refuse) is for picocli to read and answer: empty.
     */
    public static Optional<LintCommand> plain(String... args) {
        Optional<PlainArgs> read = PlainArgs.parse(PLAIN, args);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        PlainArgs line = read.get();
        LintCommand c = new LintCommand();
        c.files.addAll(line.positionals());
        c.noFail = line.flag("--no-fail");
        c.format = Format.text;
        String format = line.value("--format");
        if (format != null) {
            Format f = null;
            for (Format v : Format.values()) {
                if (v.name().equalsIgnoreCase(format)) {
                    f = v;
                }
            }
            if (f == null) {
                return Optional.empty();
            }
            c.format = f;
        }
        for (String arg : line.list("--build-arg")) {
            int kv = arg.indexOf('=');
            if (kv <= 0) {
                return Optional.empty();
            }
            c.buildArgs.put(arg.substring(0, kv), arg.substring(kv + 1));
        }
        try {
            c.context = line.path("--context");
            c.config = line.path("--config");
        } catch (InvalidPathException e) {
            return Optional.empty(); // picocli says what is wrong with it
        }
        return Optional.of(c);
    }

    @Override
    public Integer call() {
        return run(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** Lints the files and writes the report to {@code out}, problems to {@code err}; returns the exit code. */
    public int run(PrintWriter out, PrintWriter err) {
        LintOptions options;
        try {
            options = options();
        } catch (IOException | LintConfigException e) {
            err.println("jbuild lint: " + e.getMessage());
            return 2;
        }
        List<String> inputs = files.isEmpty()
                ? List.of(DockerfileName.resolve(Path.of(DockerfileName.DEFAULT)).toString()) : files;
        // Files are read and linted in parallel (the linter is thread-safe); the outcomes keep the order given, so
        // messages and the report are the same as one file at a time.
        List<Outcome> outcomes = inputs.parallelStream().map(input -> lint(input, options)).toList();
        List<LintedFile> results = new ArrayList<>();
        boolean unreadable = false;
        for (Outcome o : outcomes) {
            if (o instanceof Unreadable u) {
                err.println("jbuild lint: " + u.message());
                unreadable = true;
            } else if (o instanceof Linted l) {
                results.add(l.file());
            }
        }
        // One flush for the whole report: the writers picocli and the launcher give flush at every line, a write
        // to the terminal or pipe per finding (a tenth of the CPU of a lint of many files).
        PrintWriter report = new PrintWriter(out, false);
        report().write(results, report);
        report.flush();
        if (unreadable) {
            return 1;
        }
        LintConfig c = options.config();
        if (noFail || c.noFail() || c.failureThreshold().isEmpty()) {
            return 0;
        }
        Severity threshold = c.failureThreshold().get();
        boolean failed = results.stream().flatMap(r -> r.diagnostics().stream())
                .anyMatch(d -> d.severity().compareTo(threshold) <= 0);
        return failed ? 1 : 0;
    }

    private LintReport report() {
        return switch (format) {
            case text -> new TextReport();
            case json -> new JsonReport();
            case sarif -> new SarifReport(JbuildCommand.Version.number());
            case checkstyle -> new CheckstyleReport();
        };
    }

    private LintOptions options() throws IOException, LintConfigException {
        List<Path> dirs = context == null ? List.of(Path.of("")) : List.of(context, Path.of(""));
        LintConfig c = LintConfigFile.load(Optional.ofNullable(config), dirs);
        LintOptions options = LintOptions.defaults().withConfig(c).withBuildArgs(buildArgs);
        if (context != null) {
            if (!Files.isDirectory(context)) {
                throw new NoSuchFileException(context + ": the context is not a directory");
            }
            options = options.withContext(context);
        }
        return options;
    }

    /** What became of one input: linted, or a message saying why it could not be read. */
    private sealed interface Outcome permits Linted, Unreadable {
    }

    private record Linted(LintedFile file) implements Outcome {
    }

    private record Unreadable(String message) implements Outcome {
    }

    private static Outcome lint(String input, LintOptions options) {
        Optional<String> problem = input.equals("-") || !Files.exists(Path.of(input)) ? Optional.empty()
                : InputFiles.problem(Path.of(input), StreamedInputs.MAX_DOCKERFILE_BYTES);
        if (problem.isPresent()) {
            return new Unreadable(input + ": " + problem.get());
        }
        String text;
        try {
            byte[] bytes = input.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(input));
            text = DockerfileParser.decode(bytes);
        } catch (NoSuchFileException e) {
            return new Unreadable(input + ": no such file");
        } catch (IOException e) {
            return new Unreadable(input + ": cannot read: " + e.getMessage());
        }
        String name = input.equals("-") ? "<stdin>" : input;
        return new Linted(new LintedFile(name, uri(input), Linter.standard().lint(text, options)));
    }

    /** A URI reference for SARIF: relative paths stay relative (with '/' separators), absolute ones become file URIs. */
    static String uri(String input) {
        if (input.equals("-")) {
            return "stdin";
        }
        Path p = Path.of(input);
        if (p.isAbsolute()) {
            return p.toUri().toString();
        }
        try {
            return new URI(null, null, p.toString().replace('\\', '/'), null).toASCIIString();
        } catch (URISyntaxException e) {
            return p.toString().replace('\\', '/');
        }
    }

}
