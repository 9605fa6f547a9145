package io.jbuild.cli;

import io.jbuild.cli.build.BuildCommand;
import io.jbuild.cli.container.AttachCommand;
import io.jbuild.cli.container.ContainerCommand;
import io.jbuild.cli.container.CpCommand;
import io.jbuild.cli.container.ExecCommand;
import io.jbuild.cli.container.KillCommand;
import io.jbuild.cli.container.LogsCommand;
import io.jbuild.cli.container.PortCommand;
import io.jbuild.cli.container.PsCommand;
import io.jbuild.cli.container.RestartCommand;
import io.jbuild.cli.container.RmCommand;
import io.jbuild.cli.container.StartCommand;
import io.jbuild.cli.container.StopCommand;
import io.jbuild.cli.container.WaitCommand;
import io.jbuild.cli.image.ImagesCommand;
import io.jbuild.cli.image.InspectCommand;
import io.jbuild.cli.image.LoadCommand;
import io.jbuild.cli.image.PruneCommand;
import io.jbuild.cli.image.RmiCommand;
import io.jbuild.cli.image.SaveCommand;
import io.jbuild.cli.image.TagCommand;
import io.jbuild.cli.lint.LintCommand;
import io.jbuild.cli.lsp.LspCommand;
import io.jbuild.cli.parse.ParseCommand;
import io.jbuild.cli.plan.PlanCommand;
import io.jbuild.cli.registry.LoginCommand;
import io.jbuild.cli.registry.LogoutCommand;
import io.jbuild.cli.registry.PullCommand;
import io.jbuild.cli.registry.PushCommand;
import io.jbuild.cli.run.RunCommand;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.image.ImageIndex;
import io.jbuild.core.image.OciJson;
import io.jbuild.grammar.lint.LintOptions;
import io.jbuild.grammar.lint.Linter;
import io.jbuild.grammar.parser.DockerfileParser;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/** Process entry point of {@code jbuild}. */
public final class Main {

    /** The exit code of a usage mistake (an unknown flag, a bad value, a missing argument), as --help says. */
    static final int USAGE = 2;

    /** The subcommands, in the order {@code jbuild --help} lists them. */
    static final List<String> COMMANDS = List.of("build", "run", "ps", "logs", "stop", "start", "restart", "kill",
            "rm", "wait", "attach", "exec", "cp", "port", "container", "images", "tag", "rmi", "inspect", "save", "load", "prune",
            "pull", "push", "login", "logout", "lint", "parse", "plan", "lsp");

    private Main() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // What picocli would print, without the start-up of building its model (a script's version check).
            System.out.println(new JbuildCommand.Version().getVersion()[0]);
            System.exit(0);
        }
        if (args.length > 0 && args[0].equals("lsp")) {
            Optional<LspCommand> lsp = LspCommand.plain(args);
            if (lsp.isPresent()) {
                System.exit(lsp.get().call());
            }
        }
        if (args.length > 0 && args[0].equals("lint")) {
            Optional<LintCommand> lint = LintCommand.plain(args);
            if (lint.isPresent()) {
                WarmUp.start(WarmUp.Kind.LINT);
                System.exit(lint.get().run(console(System.out, "sun.stdout.encoding"),
                        console(System.err, "sun.stderr.encoding")));
            }
        }
        int code = run(true, console(System.out, "sun.stdout.encoding"), console(System.err, "sun.stderr.encoding"),
                args);
        learnIfAsked();
        System.exit(code);
    }

    /** In the launcher's learning run (a first build), what else later runs should find in the class archive. */
    private static void learnIfAsked() {
        if (Boolean.getBoolean("jbuild.learn")) {
            ClassArchiveLearning.loadEveryCommandsClasses();
        }
    }

    /**
     * Runs a build read without picocli, reporting a failure it did not report itself as picocli's handler does
     * ({@link Failures}); empty when the line holds a usage mistake, for picocli to read and report.
     */
    private static OptionalInt plainBuild(BuildCommand build, PrintWriter out, PrintWriter err) {
        try {
            return OptionalInt.of(build.run(out, err));
        } catch (BuildCommand.LeftToPicocli e) {
            return OptionalInt.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalInt.of(Failures.report(err, "build", e));
        }
    }

    /**
     * The command for {@code args} when it is one that a plain command line runs without picocli ({@link PlainArgs}):
     * {@code push} and {@code pull}, whose whole work on a registry that has the image is shorter than picocli's
     * model of them, and {@code images}, {@code tag}, {@code inspect} and {@code rmi}; empty for picocli to read
     * (any other command, help, anything unusual).
     */
    public static Optional<Subcommand> plain(String... args) {
        if (args.length == 0) {
            return Optional.empty();
        }
        return switch (args[0]) {
            case "push" -> PushCommand.plain(args).map(Subcommand.class::cast);
            case "pull" -> PullCommand.plain(args).map(Subcommand.class::cast);
            case "images" -> ImagesCommand.plain(args).map(Subcommand.class::cast);
            case "tag" -> TagCommand.plain(args).map(Subcommand.class::cast);
            case "inspect" -> InspectCommand.plain(args).map(Subcommand.class::cast);
            case "rmi" -> RmiCommand.plain(args).map(Subcommand.class::cast);
            default -> Optional.empty();
        };
    }

    /**
     * A writer on standard output or error as picocli makes one for a command: the console's encoding when the JVM
     * names one (a terminal), else the platform's; flushed at each line.
     */
    static PrintWriter console(PrintStream stream, String encodingProperty) {
        Charset charset = Charset.defaultCharset();
        String name = System.getProperty(encodingProperty);
        if (name != null) {
            try {
                charset = Charset.forName(name.equalsIgnoreCase("cp65001") ? "UTF-8" : name);
            } catch (IllegalArgumentException e) {
                // an encoding this JVM lacks: the platform's, as picocli falls back
            }
        }
        return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, charset)), true);
    }

    /**
     * Runs {@code args} as {@link #main} does, writing to {@code out} and {@code err}, with no warm-up thread; returns
     * the exit code. Tests and the class archive's learning run commands in process through this.
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(false, out, err, args);
    }

    /**
     * Runs the command line: a plain one of build, push, pull and the image commands without picocli ({@link
     * PlainArgs}), anything else (and a plain build's usage mistake) through picocli. {@code warmUp}: whether to
     * start the command's warm-up thread first (it links the process's first lambda, so before the line is read).
     */
    private static int run(boolean warmUp, PrintWriter out, PrintWriter err, String... args) {
        String[] full = withImplicitBuild(args);
        String command = full.length > 0 ? full[0] : "";
        if (warmUp) {
            switch (command) {
                case "build" -> WarmUp.start(fromCache(full) ? WarmUp.Kind.BUILD_FROM_CACHE : WarmUp.Kind.BUILD);
                case "push", "pull" -> WarmUp.start(WarmUp.Kind.TRANSFER);
                case "lint" -> WarmUp.start(WarmUp.Kind.LINT);
                default -> { }
            }
        }
        Optional<BuildCommand> build = command.equals("build") ? BuildCommand.plain(full) : Optional.empty();
        if (build.isPresent()) {
            OptionalInt code = plainBuild(build.get(), out, err);
            if (code.isPresent()) {
                return code.getAsInt();
            }
            // a usage mistake: picocli reads the line again and says what it is
        }
        Optional<Subcommand> plain = plain(full);
        if (plain.isPresent()) {
            return plain.get().call(out, err);
        }
        CommandLine cli = commandLine(full);
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(full);
    }

    /** Whether a build's command line names a {@code --cache-from} source (its blobs are downloaded and digested). */
    private static boolean fromCache(String[] args) {
        for (String a : args) {
            if (a.equals("--cache-from") || a.startsWith("--cache-from=")) {
                return true;
            }
        }
        return false;
    }

    /** An image index as the store's: what the warm-ups read to set up the JSON reader. */
    private static final byte[] SAMPLE_INDEX = ("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"m\",\"digest\":"
            + "\"sha256:" + "0".repeat(64) + "\",\"size\":1,\"annotations\":{\"a\":\"b\"},\"platform\":{\"os\":"
            + "\"linux\"}}]}").getBytes(StandardCharsets.UTF_8);

    /**
     * One-time set-up a command is sure to need, done on a second thread while this one reads the command line and
     * opens the store: on two cores the two overlap. Class initialisation is thread-safe; whoever comes second waits
     * for the first. A class, not a lambda: the process's first lambda sets up java.lang.invoke (~10 ms) on the
     * thread that links it, and this one has other work.
     */
    private static final class WarmUp extends Thread {

        enum Kind { BUILD, BUILD_FROM_CACHE, TRANSFER, LINT }

        private final Kind kind;

        private WarmUp(Kind kind) {
            super("jbuild-warm-up");
            this.kind = kind;
            setDaemon(true);
        }

        static void start(Kind kind) {
            new WarmUp(kind).start();
        }

        @Override
        public void run() {
            try {
                switch (kind) {
                    case BUILD, BUILD_FROM_CACHE -> {
                        // A build from a cache reads it on a thread of its own from the start: the socket classes
                        // of the registry client's first connection first; it downloads its image's layers, digested
                        // twice (the blob, its diff ID): SHA-256's compilation is asked for next. Then in the order a build comes to them
                        // after parsing its Dockerfile: the store's JSON (reading only: a build with nothing new
                        // writes none), whose manifests it checks with SHA-256; then the parser, for a build whose
                        // command line picocli reads first.
                        if (kind == Kind.BUILD_FROM_CACHE) {
                            network();
                            compileDigests();
                        }
                        OciJson.read(SAMPLE_INDEX, ImageIndex.class);
                        Digest.of(new byte[0]);
                        DockerfileParser.parse("FROM scratch\n");
                    }
                    case TRANSFER -> {
                        // push and pull, in the order they come to them: the store's index, the registry client's
                        // first connection (the socket's classes, ~6 ms), SHA-256 (the store checks each manifest it
                        // reads)
                        OciJson.read(SAMPLE_INDEX, ImageIndex.class);
                        network();
                        Digest.of(new byte[0]);
                    }
                    case LINT -> // the parser's grammars and the linter's rules, while picocli reads lint's model
                            Linter.standard().lint("FROM scratch\nRUN true\n", LintOptions.defaults());
                }
            } catch (IOException | RuntimeException e) {
                // only a head start: the command does the same work again and reports any problem itself
            }
        }

        /** The registry client's first connection: the socket classes. */
        private static void network() throws IOException {
            try (Socket socket = new Socket()) {
                socket.setTcpNoDelay(true);
            }
        }

        /**
         * SHA-256 of a few blocks, enough calls of its loops that the launcher's thresholds for them (see jbuild's
         * data_jit) queue their compilation now: C2 replaces the loops by the CPU's SHA instructions. Interpreted,
         * SHA-256 runs at ~30 MB/s; a cache's blob downloaded before the compiler got to it was digested at that
         * speed (warm build from a cache 427 -> 399 ms). Not for other builds: a no-change rebuild digests little,
         * and the compiler's work and these blocks took ~20 ms of its start.
         */
        private static void compileDigests() {
            byte[] blocks = new byte[16 * 1024];
            for (int i = 0; i < 8; i++) {
                Digest.of(blocks);
            }
        }
    }

    /**
     * The types whose picocli converters are never registered (its {@code picocli.converters.excludes}): each
     * CommandLine registers those of java.time and java.sql by reflection, initialising the classes, 15-20 ms of each
     * start, and no option of ours has such a type (MainTest holds every command to that).
     */
    static final String UNUSED_CONVERTERS = "java\\.time\\..*,java\\.sql\\..*";

    /**
     * The configured command line for {@code args} (tests run it in process). Only the command named first is
     * registered, so that picocli reads the annotations of one command class, not of all of them (a third of a
     * second at start-up); none for {@code --version}; all of them when none is named, for {@code --help} and for
     * mistakes.
     */
    public static CommandLine commandLine(String... args) {
        // picocli's factory otherwise looks for Groovy's Closure class when first used: a miss that opens every jar
        // on the class path, 25 ms of each start.
        System.setProperty("picocli.disable.closures", "true");
        System.setProperty("picocli.converters.excludes", UNUSED_CONVERTERS);
        CommandLine cli = new CommandLine(JbuildCommand.spec());
        String first = args.length > 0 ? args[0] : "";
        List<String> names = COMMANDS.contains(first) ? List.of(first)
                : args.length == 1 && (first.equals("--version") || first.equals("-V")) ? List.of() : COMMANDS;
        for (String name : names) {
            cli.addSubcommand(name, command(name));
        }
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        if (cli.getSubcommands().containsKey("run")) {
            // As docker run: everything after the image is the container's command, options included.
            cli.getSubcommands().get("run").setStopAtPositional(true);
        }
        if (cli.getSubcommands().containsKey("exec")) {
            cli.getSubcommands().get("exec").setStopAtPositional(true); // the same for exec's command
        }
        // Classes, not lambdas: a lambda of a picocli interface (pre-Java-6 class files) keeps that interface out of
        // the launcher's class archive, and loading it from the jar then costs a few milliseconds.
        cli.setParameterExceptionHandler(new UsageErrors());
        cli.setExecutionExceptionHandler(new Failures());
        return cli;
    }

    /** Any failure a command did not report itself: one line naming it, exit 1; the trace only when asked for. */
    private static final class Failures implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
            return report(commandLine.getErr(), commandLine.getCommandName(), e);
        }

        static int report(PrintWriter err, String command, Exception e) {
            err.println(Failure.PLAIN.line(command, null, e));
            if (System.getenv("JBUILD_DEBUG") != null) {
                e.printStackTrace(err);
            }
            err.flush();
            return 1;
        }
    }

    /** Usage mistakes, as {@link #usageError}. */
    private static final class UsageErrors implements IParameterExceptionHandler {
        @Override
        public int handleParseException(ParameterException e, String[] args) {
            return usageError(e);
        }
    }

    /**
     * A usage mistake, reported as docker reports one: the problem, a pointer to the command's help (not the whole
     * help), exit code 2.
     */
    private static int usageError(ParameterException e) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        if (e instanceof UnmatchedArgumentException u && u.isUnknownOption()) {
            err.println("unknown flag: " + u.getUnmatched().get(0));
        } else {
            String message = e.getMessage();
            err.println(message.isEmpty() ? message : Character.toLowerCase(message.charAt(0)) + message.substring(1));
        }
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("See '" + command.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return USAGE;
    }

    /** A new instance of the command class (or its model); only the one asked for is loaded. */
    private static Object command(String name) {
        return switch (name) {
            case "build" -> BuildCommand.spec();
            case "run" -> RunCommand.spec();
            case "ps" -> PsCommand.spec();
            case "logs" -> new LogsCommand();
            case "stop" -> StopCommand.spec();
            case "start" -> new StartCommand();
            case "restart" -> new RestartCommand();
            case "kill" -> new KillCommand();
            case "rm" -> RmCommand.spec();
            case "wait" -> new WaitCommand();
            case "attach" -> new AttachCommand();
            case "exec" -> ExecCommand.spec();
            case "cp" -> new CpCommand();
            case "port" -> new PortCommand();
            case "container" -> new ContainerCommand();
            case "images" -> new ImagesCommand();
            case "tag" -> new TagCommand();
            case "rmi" -> new RmiCommand();
            case "inspect" -> new InspectCommand();
            case "save" -> new SaveCommand();
            case "load" -> new LoadCommand();
            case "prune" -> new PruneCommand();
            case "pull" -> new PullCommand();
            case "push" -> new PushCommand();
            case "login" -> new LoginCommand();
            case "logout" -> new LogoutCommand();
            case "lint" -> new LintCommand();
            case "parse" -> new ParseCommand();
            case "plan" -> new PlanCommand();
            case "lsp" -> new LspCommand();
            default -> throw new IllegalArgumentException("no command " + name);
        };
    }

    /**
     * {@code jbuild . -t x} means {@code jbuild build . -t x}, as people type it after {@code docker build}: a first
     * argument that is neither a command nor an option is a build context.
     */
    static String[] withImplicitBuild(String[] args) {
        if (args.length == 0 || args[0].startsWith("-") || COMMANDS.contains(args[0])) {
            return args;
        }
        String[] out = new String[args.length + 1];
        out[0] = "build";
        System.arraycopy(args, 0, out, 1, args.length);
        return out;
    }
}
