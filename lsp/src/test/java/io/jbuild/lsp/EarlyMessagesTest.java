package io.jbuild.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first messages, served before LSP4J is ready ({@link EarlyMessages}), on the wire as a client sends them: the
 * answers are LSP4J's (the same JSON), and what is not served there reaches LSP4J in the client's order.
 */
class EarlyMessagesTest {

    @TempDir
    Path dir;

    private final OutputStream toServer;
    private final InputStream fromServer;
    private final CompletableFuture<Integer> exit;
    private final BlockingQueue<JsonObject> incoming = new LinkedBlockingQueue<>();
    private final List<JsonObject> received = new ArrayList<>();

    EarlyMessagesTest() throws IOException {
        Pipe up = Pipe.open();
        Pipe down = Pipe.open();
        toServer = Channels.newOutputStream(up.sink());
        fromServer = Channels.newInputStream(down.source());
        InputStream serverIn = Channels.newInputStream(up.source());
        OutputStream serverOut = Channels.newOutputStream(down.sink());
        exit = CompletableFuture.supplyAsync(() -> Main.run(serverIn, serverOut));
        Thread reader = new Thread(() -> {
            while (true) {
                EarlyMessages.Frame f = EarlyMessages.Frame.read(fromServer);
                if (f.body().isEmpty()) {
                    return;
                }
                incoming.add(JsonParser.parseString(f.body().get()).getAsJsonObject());
            }
        }, "test-client-reader");
        reader.setDaemon(true);
        reader.start();
    }

    @AfterEach
    void close() throws IOException {
        toServer.close();
    }

    @Test
    void theAnswerToInitializeIsTheJsonLsp4jWrites() {
        JsonElement lsp4j = JsonParser.parseString(new MessageJsonHandler(Map.of()).getGson()
                .toJson(Capabilities.result()));
        assertThat(Capabilities.json()).isEqualTo(lsp4j);
    }

    @Test
    void aSessionStartedEarlyGoesOnThroughLsp4jInTheClientsOrder() throws Exception {
        String uri = dir.resolve("Dockerfile").toUri().toString();
        send("{\"jsonrpc\":\"2.0\",\"id\":\"first\",\"method\":\"initialize\",\"params\":{\"processId\":null,"
                + "\"rootUri\":\"" + dir.toUri() + "\",\"initializationOptions\":{\"buildArgs\":{\"TAG\":\"12\"}},"
                + "\"capabilities\":{\"workspace\":{\"didChangeWatchedFiles\":{\"dynamicRegistration\":true}}}}}");
        JsonObject answer = next(m -> m.has("id"));
        assertThat(answer.get("id").getAsString()).isEqualTo("first");
        assertThat(answer.get("result")).isEqualTo(Capabilities.json());
        send("{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");
        send("{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\"" + uri
                + "\",\"languageId\":\"dockerfile\",\"version\":7,\"text\":\"ARG TAG\\nFROM debian:$TAG\\n"
                + "run echo hi\\n\"}}}");
        // a request LSP4J answers, right behind the document served early
        send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"textDocument/hover\",\"params\":{\"textDocument\":{\"uri\":\""
                + uri + "\"},\"position\":{\"line\":1,\"character\":14}}}");
        // the watchers registered for the initialized served early (the client said it registers dynamically)
        JsonObject registration = next(m -> "client/registerCapability".equals(string(m, "method")));
        assertThat(registration.toString()).contains(DockerfileLanguageServer.WATCH_ID);
        send("{\"jsonrpc\":\"2.0\",\"id\":" + registration.get("id") + ",\"result\":null}");
        JsonObject diagnostics = next(m -> "textDocument/publishDiagnostics".equals(string(m, "method")));
        assertThat(diagnostics.getAsJsonObject("params").get("version").getAsInt()).isEqualTo(7);
        assertThat(diagnostics.toString()).contains("ConsistentInstructionCasing");
        JsonObject hover = next(m -> m.has("id") && m.get("id").getAsInt() == 2);
        // the build argument's value from the initialization options read early
        assertThat(hover.getAsJsonObject("result").toString()).contains("12");
        send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"shutdown\",\"params\":null}");
        next(m -> m.has("id") && m.get("id").getAsInt() == 3);
        send("{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void aFirstMessageThatIsNotJsonGetsLsp4jsErrorAndTheSessionGoesOn() throws Exception {
        send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":");
        JsonObject error = next(m -> m.has("error"));
        assertThat(error.getAsJsonObject("error").get("code").getAsInt()).isEqualTo(-32700);
        send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"initialize\",\"params\":{\"capabilities\":{}}}");
        JsonObject answer = next(m -> m.has("id") && m.get("id").getAsInt() == 2);
        assertThat(answer.get("result")).isEqualTo(Capabilities.json());
        send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"shutdown\",\"params\":null}");
        next(m -> m.has("id") && m.get("id").getAsInt() == 3);
        send("{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
    }

    private void send(String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        toServer.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        toServer.write(body);
        toServer.flush();
    }

    /**
     * The first message from the server that matches and was not taken before (messages the server sends at once,
     * such as diagnostics and a registration, come in either order); within 20 s.
     */
    private JsonObject next(Predicate<JsonObject> wanted) throws InterruptedException {
        for (int i = 0; i < received.size(); i++) {
            if (wanted.test(received.get(i))) {
                return received.remove(i);
            }
        }
        while (true) {
            JsonObject m = incoming.poll(20, TimeUnit.SECONDS);
            assertThat(m).as("a message from the server").isNotNull();
            if (wanted.test(m)) {
                return m;
            }
            received.add(m);
        }
    }

    private static String string(JsonObject o, String key) {
        return o.has(key) && o.get(key).isJsonPrimitive() ? o.get(key).getAsString() : null;
    }
}
