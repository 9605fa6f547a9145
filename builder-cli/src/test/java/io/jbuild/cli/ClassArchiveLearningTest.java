package io.jbuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The learning run's registry commands keep working (else the archive silently lacks them) and print nothing. */
class ClassArchiveLearningTest {

    @Test
    void theRegistryCommandsAllSucceedQuietly() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        boolean succeeded;
        try (PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            System.setErr(capture);
            succeeded = ClassArchiveLearning.registryCommands();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertThat(succeeded).isTrue();
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
