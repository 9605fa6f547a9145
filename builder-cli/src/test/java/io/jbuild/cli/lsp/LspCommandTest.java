package io.jbuild.cli.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jbuild.cli.CliRunner;
import io.jbuild.cli.Main;
import io.jbuild.core.image.ContainerConfig;
import io.jbuild.core.image.Descriptor;
import io.jbuild.core.image.ImageConfig;
import io.jbuild.core.image.MediaTypes;
import io.jbuild.core.image.Platform;
import io.jbuild.core.store.ImageStore;
import io.jbuild.grammar.reference.ImageReference;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jbuild lsp}: the language server behind the CLI, in a process of its own speaking on stdin/stdout. */
class LspCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void speaksTheProtocolOnStandardOutputAndNothingElse() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "lsp",
                "--stdio").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String uri = dir.resolve("Dockerfile").toUri().toString();
        try (OutputStream in = p.getOutputStream()) {
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"capabilities\":{}}}");
            send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");
            send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\""
                    + uri + "\",\"languageId\":\"dockerfile\",\"version\":1,\"text\":\"FROM debian:12\\nCMD echo hi\\n\"}}}");
            List<JsonNode> got = new ArrayList<>();
            DataInputStream out = new DataInputStream(p.getInputStream());
            while (got.stream().noneMatch(m -> m.path("method").asText().equals("textDocument/publishDiagnostics"))) {
                got.add(read(out));
            }
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"shutdown\"}");
            send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
            got.add(read(out));
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
            assertThat(got.get(0).path("id").asInt()).isEqualTo(1);
            assertThat(got.get(0).path("result").path("capabilities").path("textDocumentSync").path("change").asInt())
                    .isEqualTo(2);
            JsonNode diagnostics = got.get(got.size() - 2).path("params").path("diagnostics");
            List<String> codes = new ArrayList<>();
            diagnostics.forEach(d -> codes.add(d.path("code").asText()));
            assertThat(codes).containsExactly("DL3025", "JSONArgsRecommended");
            assertThat(got.get(got.size() - 1).path("id").asInt()).isEqualTo(2);
            assertThat(readRest(out)).isEmpty();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void completionAfterFromOffersTheStoresImagesAndTheStages() throws Exception {
        Path root = dir.resolve("store");
        ImageStore store = ImageStore.open(root);
        Descriptor layer = store.blobs().put(new byte[] {1, 2, 3}).descriptor(MediaTypes.OCI_LAYER_GZIP);
        ImageConfig config = ImageConfig.of(Platform.host(), ContainerConfig.empty(), List.of(layer.digest()));
        store.tag(ImageReference.parse("example.com/team/app:1.2"), store.putImage(config, List.of(layer)));
        store.tag(ImageReference.parse("debian:12"), store.putImage(config, List.of(layer)));

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "lsp",
                "--root", root.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String uri = dir.resolve("Dockerfile").toUri().toString();
        try (OutputStream in = p.getOutputStream()) {
            DataInputStream out = new DataInputStream(p.getInputStream());
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"capabilities\":{}}}");
            send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");
            send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\""
                    + uri + "\",\"languageId\":\"dockerfile\",\"version\":1,"
                    + "\"text\":\"FROM scratch AS base\\nFROM \\nCOPY --from=deb /a /b\\n\"}}}");
            assertThat(labels(completion(in, out, 2, 1, 5))).containsExactly("base", "debian:12",
                    "example.com/team/app:1.2");
            assertThat(labels(completion(in, out, 3, 2, 15))).containsExactly("debian:12");
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"shutdown\"}");
            send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void noStoreNoImagesAndNoStoreMade() throws Exception {
        Path root = dir.resolve("none");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "lsp",
                "--root", root.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String uri = dir.resolve("Dockerfile").toUri().toString();
        try (OutputStream in = p.getOutputStream()) {
            DataInputStream out = new DataInputStream(p.getInputStream());
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"capabilities\":{}}}");
            send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\""
                    + uri + "\",\"languageId\":\"dockerfile\",\"version\":1,\"text\":\"FROM scratch AS base\\nFROM \\n\"}}}");
            assertThat(labels(completion(in, out, 2, 1, 5))).containsExactly("base");
        } finally {
            p.destroyForcibly();
        }
        assertThat(root).doesNotExist();
    }

    /** Asks for completion at line:character of the document and returns the answer (other messages skipped). */
    private JsonNode completion(OutputStream in, DataInputStream out, int id, int line, int character)
            throws IOException {
        send(in, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"textDocument/completion\",\"params\":{"
                + "\"textDocument\":{\"uri\":\"" + dir.resolve("Dockerfile").toUri() + "\"},\"position\":{\"line\":"
                + line + ",\"character\":" + character + "}}}");
        while (true) {
            JsonNode m = read(out);
            if (m.path("id").asInt() == id && !m.has("method")) {
                return m.path("result");
            }
        }
    }

    private static List<String> labels(JsonNode completion) {
        List<String> out = new ArrayList<>();
        completion.path("items").forEach(i -> out.add(i.path("label").asText()));
        return out;
    }

    @Test
    void whatEditorsPassStartsWithoutPicocliAndAnythingElseGoesToIt() {
        assertThat(LspCommand.plain("lsp")).hasValueSatisfying(c -> assertThat(c.store.root()).isNull());
        assertThat(LspCommand.plain("lsp", "--stdio", "--root", "/s")).hasValueSatisfying(
                c -> assertThat(c.store.root()).isEqualTo(Path.of("/s")));
        assertThat(LspCommand.plain("lsp", "--root=/t", "--stdio")).hasValueSatisfying(
                c -> assertThat(c.store.root()).isEqualTo(Path.of("/t")));
        assertThat(LspCommand.plain("lsp", "--help")).isEmpty();
        assertThat(LspCommand.plain("lsp", "--root")).isEmpty();
        assertThat(LspCommand.plain("lsp", "--root=")).isEmpty();
        assertThat(LspCommand.plain("lsp", "--root", "a\0b")).isEmpty();
        assertThat(LspCommand.plain("lsp", "--tcp")).isEmpty();
    }

    @Test
    void helpSaysWhatItIs() {
        CliRunner.Outcome o = CliRunner.run("lsp", "--help");
        assertThat(o.exitCode()).isZero();
        assertThat(o.out()).contains("Run the Dockerfile language server (LSP) on standard input and output");
    }

    private static void send(OutputStream out, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        out.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /** One framed message: headers, a blank line, then Content-Length bytes of JSON. */
    private static JsonNode read(DataInputStream in) throws IOException {
        int length = -1;
        while (true) {
            String header = line(in);
            if (header.isEmpty()) {
                break;
            }
            assertThat(header).startsWith("Content-");
            if (header.startsWith("Content-Length:")) {
                length = Integer.parseInt(header.substring(15).strip());
            }
        }
        byte[] body = new byte[length];
        in.readFully(body);
        return JSON.readTree(body);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("the server's output ended");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    private static String readRest(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
