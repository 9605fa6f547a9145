package io.jbuild.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine;

/** Runs {@code jbuild} in process through picocli, capturing its output, as a user's shell would see it. */
public final class CliRunner {

    public record Outcome(int exitCode, String out, String err) {
    }

    private CliRunner() {
    }

    public static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] full = Main.withImplicitBuild(args);
        CommandLine cli = Main.commandLine(full);
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        int code = cli.execute(full);
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The shared test data directory (system property set by the build). */
    public static Path testdata() {
        String dir = System.getProperty("jbuild.testdata.dir");
        return dir != null ? Path.of(dir) : Path.of("../testdata").toAbsolutePath().normalize();
    }
}
