package io.jbuild.cli.lint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.jbuild.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import picocli.CommandLine;

/** {@code jbuild lint} through picocli's real entry point, in process: formats, exit codes, configuration. */
class LintCommandTest {

    private static final String BROKEN = "FROM alpine\nRUN apt-get install curl | tee /log\nCMD echo hi\nFROB x\n";

    private record Outcome(int exitCode, String out, String err) {
    }

    /**
     * Runs {@code args} through picocli and, when they are plain enough for {@code jbuild lint} to run without it
     * ({@link LintCommand#plain}), that way too: both must give the same exit code and output.
     */
    private static Outcome run(String... args) {
        Outcome viaPicocli = viaPicocli(args);
        if (!List.of(args).contains("-")) { // standard input can be read once
            LintCommand.plain(args).ifPresent(c -> assertThat(viaPlain(c)).as("plain path").isEqualTo(viaPicocli));
        }
        return viaPicocli;
    }

    private static Outcome viaPicocli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = Main.commandLine(args);
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        int code = cli.execute(args);
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Outcome viaPlain(LintCommand command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = command.run(new PrintWriter(out, true, StandardCharsets.UTF_8),
                new PrintWriter(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Path testdata() {
        String dir = System.getProperty("jbuild.testdata.dir");
        return dir != null ? Path.of(dir) : Path.of("../testdata");
    }

    private static Path write(Path dir, String text) throws Exception {
        Path f = dir.resolve("Dockerfile");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void textIsCompilerStyleAndErrorsExitOne(@TempDir Path dir) throws Exception {
        Path f = write(dir, BROKEN);
        Outcome o = run("lint", f.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.out()).contains(f + ":4:1: error instruction: unknown instruction: FROB")
                .contains(f + ":1:6: warning DL3006: Always tag the version of an image explicitly")
                .contains(f + ":3:5: warning JSONArgsRecommended: JSON arguments recommended for CMD");
        assertThat(run("lint", "--no-fail", f.toString()).exitCode()).isZero();
    }

    @Test
    void plainCommandLinesRunWithoutPicocliAndGiveWhatItGives(@TempDir Path dir) throws Exception {
        Path f = write(dir, "FROM alpine\nRUN echo $X $Y\n");
        String file = f.toString();
        List<String[]> plain = List.of(
                new String[] {"lint", "--format=json", "--no-fail", file},
                new String[] {"lint", "--format", "CheckStyle", "--build-arg", "X=1", "--build-arg=Y=", file, file},
                new String[] {"lint", "--context", dir.toString(), file},
                new String[] {"lint", "--config=" + dir.resolve("none.yaml"), file},
                new String[] {"lint", dir.resolve("nope").toString()});
        for (String[] args : plain) {
            assertThat(LintCommand.plain(args)).as(String.join(" ", args)).isPresent();
            run(args); // compares the two ways
        }
        List<String[]> forPicocli = List.of(new String[] {"lint", "--help"}, new String[] {"lint", "-V"},
                new String[] {"lint", "--", file}, new String[] {"lint", "@" + file},
                new String[] {"lint", "--format", "json", "--format", "text", file},
                new String[] {"lint", "--format", "yaml", file}, new String[] {"lint", "--build-arg", "X", file},
                new String[] {"lint", "--build-arg", "=1", file}, new String[] {"lint", "--no-fail", "--no-fail", file},
                new String[] {"lint", "--no-fail=true", file}, new String[] {"lint", "--context"},
                new String[] {"lint", "--context", "--no-fail", file}, new String[] {"lint", "--ctx", "x", file},
                new String[] {"lint", "--config", "\0", file});
        for (String[] args : forPicocli) {
            assertThat(LintCommand.plain(args)).as(String.join(" ", args)).isEmpty();
        }
    }

    @Test
    void theReportIsFlushedOnceNotAtEachLine(@TempDir Path dir) throws Exception {
        Path f = write(dir, BROKEN);
        StringBuilder text = new StringBuilder();
        int[] flushes = {0};
        Writer counting = new Writer() {
            @Override
            public void write(char[] buf, int off, int len) {
                text.append(buf, off, len);
            }

            @Override
            public void flush() {
                flushes[0]++;
            }

            @Override
            public void close() {
            }
        };
        // autoflush, as picocli's writer and the launcher's
        PrintWriter out = new PrintWriter(counting, true);
        LintCommand.plain("lint", f.toString()).orElseThrow().run(out, new PrintWriter(Writer.nullWriter()));
        assertThat(text.toString().lines()).hasSizeGreaterThan(3);
        assertThat(flushes[0]).isEqualTo(1);
    }

    @Test
    void warningsAloneExitZero(@TempDir Path dir) throws Exception {
        Path f = write(dir, "FROM alpine:3.19\nCMD echo hi\n");
        Outcome o = run("lint", f.toString());
        assertThat(o.exitCode()).isZero();
        assertThat(o.out()).contains("JSONArgsRecommended");
    }

    @Test
    void cleanFilePrintsNothing(@TempDir Path dir) throws Exception {
        Path f = write(dir, "FROM alpine:3.19\nUSER 1000\nCMD [\"sh\"]\n");
        Outcome o = run("lint", f.toString());
        assertThat(o.out()).isEmpty();
        assertThat(o.exitCode()).isZero();
    }

    @Test
    void usageErrorsExitTwo(@TempDir Path dir) throws Exception {
        assertThat(run("lint", "--format", "yaml", "x").exitCode()).isEqualTo(2);
        assertThat(run("lint", "--config", dir.resolve("missing.yaml").toString(), "x").exitCode()).isEqualTo(2);
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "override:\n  fatal: [DL3006]\n");
        Outcome o = run("lint", "--config", bad.toString(), write(dir, "FROM alpine\n").toString());
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).contains(bad + ":2:10: override: unknown severity 'fatal'");
        Files.writeString(bad, "ignored: [DL3006\n");
        Outcome malformed = run("lint", "--config", bad.toString(), write(dir, "FROM alpine\n").toString());
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.err()).startsWith("jbuild lint: " + bad + ":2:1: invalid YAML: ");
    }

    @Test
    void configFileAnchorsReadAsYaml(@TempDir Path dir) throws Exception {
        Path f = write(dir, "FROM alpine\n");
        Path config = dir.resolve(".hadolint.yaml");
        // an alias: the whole list is ignored, then raised to error (the old reader ignored a rule named "&x [DL3006]")
        Files.writeString(config, "ignored: &x [DL3006]\noverride: {error: *x}\n");
        Outcome o = run("lint", "--config", config.toString(), f.toString());
        assertThat(o.out()).doesNotContain("DL3006");
        assertThat(o.exitCode()).isZero();
        Files.writeString(config, "override:\n  error: &x [DL3006]\nother: *x\n");
        Outcome raised = run("lint", "--config", config.toString(), f.toString());
        assertThat(raised.out()).contains("error DL3006");
        assertThat(raised.exitCode()).isEqualTo(1);
    }

    @Test
    void missingFileExitsOne(@TempDir Path dir) {
        Outcome o = run("lint", dir.resolve("nope").toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.err()).contains("no such file");
    }

    @Test
    void standardInput() {
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream("FROM debian\n".getBytes(StandardCharsets.UTF_8)));
            Outcome o = run("lint", "-");
            assertThat(o.out()).contains("<stdin>:1:6: warning DL3006");
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void configFileIgnoresAndOverrides(@TempDir Path dir) throws Exception {
        Path f = write(dir, "FROM debian\nMAINTAINER me\n");
        Path config = dir.resolve(".hadolint.yaml");
        Files.writeString(config, "ignored:\n  - DL4000\noverride:\n  error:\n    - DL3006\n");
        Outcome o = run("lint", "--config", config.toString(), f.toString());
        assertThat(o.out()).contains("error DL3006").doesNotContain("DL4000").contains("MaintainerDeprecated");
        assertThat(o.exitCode()).isEqualTo(1);
        // found in the context directory without --config
        Outcome viaContext = run("lint", "--context", dir.toString(), f.toString());
        assertThat(viaContext.out()).contains("error DL3006").doesNotContain("DL4000");
    }

    @Test
    void contextEnablesCopyIgnoredFile() {
        Path context = testdata().resolve("lint/context");
        Outcome o = run("lint", "--context", context.toString(), context.resolve("Dockerfile").toString());
        assertThat(o.out()).contains(":2:6: warning CopyIgnoredFile: Attempting to Copy file \"secrets\" that is excluded by .dockerignore");
        assertThat(run("lint", context.resolve("Dockerfile").toString()).out()).doesNotContain("CopyIgnoredFile");
    }

    @Test
    void jsonListsFindingsWithRangesAndFixes(@TempDir Path dir) throws Exception {
        Path f = write(dir, BROKEN);
        Outcome o = run("lint", "--format", "json", f.toString());
        JsonNode json = new ObjectMapper().readTree(o.out());
        assertThat(json.isArray()).isTrue();
        JsonNode cmd = null;
        for (JsonNode n : json) {
            if (n.path("rule").asText().equals("JSONArgsRecommended")) {
                cmd = n;
            }
        }
        assertThat(cmd).isNotNull();
        assertThat(cmd.path("file").asText()).isEqualTo(f.toString());
        assertThat(cmd.path("severity").asText()).isEqualTo("warning");
        assertThat(cmd.path("range").path("start").path("line").asInt()).isEqualTo(3);
        assertThat(cmd.path("range").path("start").path("column").asInt()).isEqualTo(5);
        assertThat(cmd.path("url").asText()).startsWith("https://docs.docker.com/go/dockerfile/rule/");
        assertThat(cmd.path("fixes").get(0).path("edits").get(0).path("newText").asText()).isEqualTo("[\"echo\", \"hi\"]");
    }

    @Test
    void sarifValidatesAgainstTheSchema(@TempDir Path dir) throws Exception {
        Path f = write(dir, BROKEN + "EXPOSE 80/TCP\n");
        Path clean = dir.resolve("clean.Dockerfile");
        Files.writeString(clean, "FROM alpine:3.19\nUSER 1000\n");
        Outcome o = run("lint", "--format", "sarif", f.toString(), clean.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        JsonNode sarif = new ObjectMapper().readTree(o.out());
        assertThat(validate(sarif)).isEmpty();
        JsonNode run = sarif.path("runs").get(0);
        assertThat(run.path("tool").path("driver").path("name").asText()).isEqualTo("jbuild lint");
        JsonNode results = run.path("results");
        assertThat(results.size()).isGreaterThan(3);
        for (JsonNode r : results) {
            int index = r.path("ruleIndex").asInt();
            assertThat(run.path("tool").path("driver").path("rules").get(index).path("id").asText())
                    .isEqualTo(r.path("ruleId").asText());
        }
        // the validator is not vacuous: a result without a message is rejected
        ((ObjectNode) results.get(0)).remove("message");
        assertThat(validate(sarif)).isNotEmpty();
    }

    private static Set<ValidationMessage> validate(JsonNode sarif) throws Exception {
        JsonNode schemaJson = new ObjectMapper().readTree(testdata().resolve("lint/sarif-2.1.0-subset.schema.json").toFile());
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schemaJson);
        return schema.validate(sarif);
    }

    @Test
    void checkstyleXml(@TempDir Path dir) throws Exception {
        Path f = write(dir, BROKEN);
        Outcome o = run("lint", "--format", "checkstyle", f.toString());
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(o.out().getBytes(StandardCharsets.UTF_8)));
        Element root = doc.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("checkstyle");
        NodeList files = root.getElementsByTagName("file");
        assertThat(files.getLength()).isEqualTo(1);
        assertThat(((Element) files.item(0)).getAttribute("name")).isEqualTo(f.toString());
        NodeList errors = root.getElementsByTagName("error");
        assertThat(errors.getLength()).isGreaterThan(3);
        boolean found = false;
        for (int i = 0; i < errors.getLength(); i++) {
            Element e = (Element) errors.item(i);
            if (e.getAttribute("source").equals("instruction")) {
                found = true;
                assertThat(e.getAttribute("line")).isEqualTo("4");
                assertThat(e.getAttribute("severity")).isEqualTo("error");
            }
        }
        assertThat(found).isTrue();
    }

    @Test
    void manyFilesAtOnceReportAsOneAtATimeInTheOrderGiven(@TempDir Path dir) throws Exception {
        // Files are linted in parallel: the report and the messages about unreadable files still follow the
        // order of the command line, and the exit code is that of the worst file.
        List<String> args = new ArrayList<>(List.of("lint"));
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            if (i == 7 || i == 29) {
                args.add(dir.resolve("missing" + i).toString());
                continue;
            }
            Path f = Files.createDirectories(dir.resolve("d" + i)).resolve("Dockerfile");
            Files.writeString(f, "FROM alpine" + (i % 3 == 0 ? "" : ":3." + i) + "\n" + "RUN true\n".repeat(i % 5)
                    + (i % 4 == 0 ? "CMD echo " + i + "\n" : "CMD [\"sh\"]\n") + (i == 33 ? "FROB x\n" : ""));
            args.add(f.toString());
            Outcome one = run("lint", f.toString());
            assertThat(one.exitCode()).isEqualTo(i == 33 ? 1 : 0);
            expected.append(one.out());
        }
        Outcome all = run(args.toArray(String[]::new));
        assertThat(expected.toString()).contains("FROB", "DL3006", "JSONArgsRecommended");
        assertThat(all.out()).isEqualTo(expected.toString());
        assertThat(all.err()).isEqualTo("jbuild lint: " + dir.resolve("missing7") + ": no such file\n"
                + "jbuild lint: " + dir.resolve("missing29") + ": no such file\n");
        assertThat(all.exitCode()).isEqualTo(1);
        args.remove(dir.resolve("missing7").toString());
        args.remove(dir.resolve("missing29").toString());
        assertThat(run(args.toArray(String[]::new))).isEqualTo(new Outcome(1, expected.toString(), ""));
        args.remove(dir.resolve("d33").resolve("Dockerfile").toString());
        assertThat(run(args.toArray(String[]::new)).exitCode()).isZero();
    }
}
