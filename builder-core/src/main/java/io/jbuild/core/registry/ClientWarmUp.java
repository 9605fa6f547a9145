package io.jbuild.core.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jbuild.grammar.reference.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

/**
 * For the launcher's class archive only: one ping, blob check and manifest fetch through the registry client
 * against a registry stand-in on this process's loopback. The plain-HTTP client ({@link PlainHttp}) and the JSON
 * reading then come from the archive in {@code push} and {@code pull} (about 1,500 classes a re-push loaded from
 * the jars, a third of its CPU time).
 */
public final class ClientWarmUp {

    private static final String MANIFEST = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1"
            + "+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:"
            + "0".repeat(64) + "\",\"size\":2},\"layers\":[]}";

    private ClientWarmUp() {
    }

    /** Runs the exchange; any failure is ignored (an archive without these classes is only slower). */
    public static void exchange() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            return;
        }
        server.createContext("/", ClientWarmUp::answer);
        server.start();
        try {
            RegistryHttp http = new RegistryHttp(RegistryEndpoint.of("127.0.0.1:" + server.getAddress().getPort(),
                    Set.of()), null, Duration.ofSeconds(5), "jbuild-learn");
            String scope = "repository:learn:pull,push";
            http.authenticate(scope, "learn");
            http.hasBlob("learn", Digest.parse("sha256:" + "0".repeat(64)), scope, "learn");
            http.manifest("learn", "1", "learn");
        } catch (IOException | RuntimeException e) {
            // only a head start
        } finally {
            server.stop(0);
        }
    }

    private static void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            exchange.getResponseHeaders().add("Docker-Distribution-Api-Version", "registry/2.0");
            byte[] body;
            int status;
            if (path.equals("/v2/")) {
                status = 200;
                body = "{}".getBytes(StandardCharsets.UTF_8);
            } else if (path.contains("/manifests/")) {
                status = 200;
                body = MANIFEST.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/vnd.oci.image.manifest.v1+json");
            } else {
                status = 404;
                body = "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"blob unknown to registry\"}]}"
                        .getBytes(StandardCharsets.UTF_8);
            }
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(status, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }
}
