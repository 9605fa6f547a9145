package io.jbuild.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

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

    /** The shared test data directory (system property set by the build). */
    public static Path testdata() {
        String dir = System.getProperty("jbuild.testdata.dir");
        return dir != null ? Path.of(dir) : Path.of("../testdata").toAbsolutePath().normalize();
    }
}
