package io.jbuild.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Runs {@code jbuild} in process as {@link Main#main} would (through picocli unless the line is plain), capturing its
 * output, as a user's shell would see it.
 */
public final class CliRunner {

    public record Outcome(int exitCode, String out, String err) {
    }

    private CliRunner() {
    }

    public static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new PrintWriter(out, true, StandardCharsets.UTF_8),
                new PrintWriter(err, true, StandardCharsets.UTF_8), args);
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * The command object picocli makes of {@code args} ({@code args[0]} the command's name), its options read but not
     * run: what the plain readings of a command line ({@code PlainArgs}) are compared with.
     */
    public static <T> T parsedByPicocli(String... args) {
        CommandLine cli = Main.commandLine(args);
        cli.parseArgs(args);
        return cli.getSubcommands().get(args[0]).getCommand();
    }

    /** The shared test data directory (system property set by the build). */
    public static Path testdata() {
        String dir = System.getProperty("jbuild.testdata.dir");
        return dir != null ? Path.of(dir) : Path.of("../testdata").toAbsolutePath().normalize();
    }
}
