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
        return new CommandLine(new JbuildCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args);
    }
}
