package io.jbuild.cli;

import picocli.CommandLine;

/** Process entry point of {@code jbuild}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this in-process). */
    public static int run(String... args) {
        CommandLine cli = commandLine();
        return cli.execute(withImplicitBuild(cli, args));
    }

    /** The configured command line (tests run it in process). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new JbuildCommand()).setCaseInsensitiveEnumValuesAllowed(true);
        // As docker run: everything after the image is the container's command, options included.
        cli.getSubcommands().get("run").setStopAtPositional(true);
        // Any failure a command did not report itself: one line naming it, exit 1; the trace only when asked for.
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("jbuild " + commandLine.getCommandName() + ": "
                    + (e.getMessage() == null ? e.toString() : e.getMessage()));
            if (System.getenv("JBUILD_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return 1;
        });
        return cli;
    }

    /**
     * {@code jbuild . -t x} means {@code jbuild build . -t x}, as people type it after {@code docker build}: a first
     * argument that is neither a command nor an option is a build context.
     */
    static String[] withImplicitBuild(CommandLine cli, String[] args) {
        if (args.length == 0 || args[0].startsWith("-") || cli.getSubcommands().containsKey(args[0])) {
            return args;
        }
        String[] out = new String[args.length + 1];
        out[0] = "build";
        System.arraycopy(args, 0, out, 1, args.length);
        return out;
    }
}
