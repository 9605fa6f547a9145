package io.jbuild.core.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jbuild.grammar.reference.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * For the launcher's class archive only: a registry in this process's memory, on its loopback, that the learning run
 * pushes to, builds with a registry cache against and pulls from (see the CLI's class archive learning), so that the
 * code of those commands (its classes, and the lambdas, linked only when they run) comes from the archive later. It
 * answers the distribution API as far as jbuild's own client uses it for small blobs: version check, blob HEAD/GET,
 * uploads (POST, PATCH, PUT; cross-repository mounts), manifest PUT/HEAD/GET. Blobs are shared by all repositories,
 * and kept as sent: it is no registry to trust, only one to talk to. Nothing is bounded but the process's memory.
 */
public final class LearningRegistry implements AutoCloseable {

    private static final Pattern BLOB = Pattern.compile("/v2/(.+)/blobs/(sha256:[0-9a-f]{64})");
    private static final Pattern UPLOADS = Pattern.compile("/v2/(.+)/blobs/uploads/([0-9]*)");
    private static final Pattern MANIFEST = Pattern.compile("/v2/(.+)/manifests/([^/]+)");

    private record Manifest(String mediaType, byte[] bytes, String digest) {
    }

    private final HttpServer server;
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final Map<String, ByteArrayOutputStream> uploads = new ConcurrentHashMap<>();
    private final Map<String, Manifest> manifests = new ConcurrentHashMap<>();
    private final AtomicInteger uploadIds = new AtomicInteger();

    private LearningRegistry(HttpServer server) {
        this.server = server;
    }

    /** A registry listening on a free loopback port until {@link #close()}. */
    public static LearningRegistry start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        LearningRegistry registry = new LearningRegistry(server);
        server.createContext("/", registry::answer);
        server.start();
        return registry;
    }

    /** {@code 127.0.0.1:PORT}, the registry part of an image reference. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().add("Docker-Distribution-Api-Version", "registry/2.0");
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Matcher m;
            if (path.equals("/v2/")) {
                send(exchange, 200, "{}".getBytes(StandardCharsets.UTF_8));
            } else if ((m = UPLOADS.matcher(path)).matches()) {
                upload(exchange, method, m.group(1), m.group(2), body);
            } else if ((m = BLOB.matcher(path)).matches()) {
                byte[] blob = blobs.get(m.group(2));
                if (blob == null) {
                    error(exchange, 404, "BLOB_UNKNOWN");
                } else {
                    exchange.getResponseHeaders().add("Docker-Content-Digest", m.group(2));
                    exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
                    send(exchange, 200, blob);
                }
            } else if ((m = MANIFEST.matcher(path)).matches()) {
                manifest(exchange, method, m.group(1), m.group(2), body);
            } else {
                error(exchange, 404, "NAME_UNKNOWN");
            }
        }
    }

    private void upload(HttpExchange exchange, String method, String repository, String id, byte[] body)
            throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        String digest = parameter(query, "digest");
        if (method.equals("POST")) {
            String mount = parameter(query, "mount");
            if (mount != null && blobs.containsKey(mount)) {
                created(exchange, repository, mount);
                return;
            }
            if (digest != null) { // a whole blob in the POST
                blobs.put(digest, body);
                created(exchange, repository, digest);
                return;
            }
            String next = Integer.toString(uploadIds.incrementAndGet());
            uploads.put(next, new ByteArrayOutputStream());
            accepted(exchange, repository, next, 0);
            return;
        }
        ByteArrayOutputStream upload = uploads.get(id);
        if (upload == null) {
            error(exchange, 404, "BLOB_UPLOAD_UNKNOWN");
            return;
        }
        upload.write(body);
        if (method.equals("PATCH")) {
            accepted(exchange, repository, id, upload.size());
        } else if (method.equals("PUT") && digest != null) {
            uploads.remove(id);
            blobs.put(digest, upload.toByteArray());
            created(exchange, repository, digest);
        } else {
            error(exchange, 400, "UNSUPPORTED");
        }
    }

    private void manifest(HttpExchange exchange, String method, String repository, String reference, byte[] body)
            throws IOException {
        if (method.equals("PUT")) {
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            Manifest manifest = new Manifest(type, body, Digest.of(body).toString());
            manifests.put(repository + "@" + manifest.digest(), manifest);
            manifests.put(repository + ":" + reference, manifest);
            exchange.getResponseHeaders().add("Location", "/v2/" + repository + "/manifests/" + manifest.digest());
            exchange.getResponseHeaders().add("Docker-Content-Digest", manifest.digest());
            send(exchange, 201, new byte[0]);
            return;
        }
        Manifest manifest = manifests.get(repository + (reference.startsWith("sha256:") ? "@" : ":") + reference);
        if (manifest == null) {
            error(exchange, 404, "MANIFEST_UNKNOWN");
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", manifest.mediaType());
        exchange.getResponseHeaders().add("Docker-Content-Digest", manifest.digest());
        send(exchange, 200, manifest.bytes());
    }

    private static String parameter(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }

    private static void created(HttpExchange exchange, String repository, String digest) throws IOException {
        exchange.getResponseHeaders().add("Location", "/v2/" + repository + "/blobs/" + digest);
        exchange.getResponseHeaders().add("Docker-Content-Digest", digest);
        send(exchange, 201, new byte[0]);
    }

    private static void accepted(HttpExchange exchange, String repository, String id, int size) throws IOException {
        exchange.getResponseHeaders().add("Location", "/v2/" + repository + "/blobs/uploads/" + id);
        exchange.getResponseHeaders().add("Docker-Upload-UUID", id);
        exchange.getResponseHeaders().add("Range", "0-" + Math.max(0, size - 1));
        send(exchange, 202, new byte[0]);
    }

    private static void error(HttpExchange exchange, int status, String code) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        send(exchange, status, ("{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + code + "\"}]}")
                .getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean head = exchange.getRequestMethod().equals("HEAD");
        if (head) {
            exchange.getResponseHeaders().add("Content-Length", Integer.toString(body.length));
        }
        exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
