package io.jbuild.core.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A registry written on raw sockets for hostile-response tests: each request is answered by the script the test
 * gives for its path, byte by byte, so that a test can send what no honest server would (short bodies, endless
 * redirects, answers one byte a second). Bound to 127.0.0.1; one connection per request ({@code Connection:
 * close}); every request is recorded with its headers. A TLS handshake is answered with a plain-HTTP 400, as Go
 * servers do, so clients fall back to HTTP as they would with a real loopback registry.
 */
final class ScriptedRegistry implements AutoCloseable {

    /** A request as received. Header names are lower case. */
    record Request(String method, String path, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Writes the whole answer, status line included, to {@code out}. */
    @FunctionalInterface
    interface Script {
        void answer(Request request, OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile Script fallback = (r, out) -> send(out, 404, Map.of("Content-Type", "application/json"),
            "{\"errors\":[{\"code\":\"NOT_FOUND\",\"message\":\"not scripted\"}]}".getBytes(StandardCharsets.UTF_8));

    private ScriptedRegistry() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "scripted-registry-" + server.getLocalPort());
        accept.setDaemon(true);
        accept.start();
    }

    static ScriptedRegistry start() throws IOException {
        return new ScriptedRegistry();
    }

    /** {@code 127.0.0.1:PORT}. */
    String host() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** Answers requests whose path (query excluded) is {@code path} with {@code script}. */
    ScriptedRegistry on(String path, Script script) {
        scripts.put(path, script);
        return this;
    }

    /** Answers every unscripted path with {@code script}. */
    ScriptedRegistry otherwise(Script script) {
        fallback = script;
        return this;
    }

    /** Serves {@code body} with status 200 and the given content type at {@code path}, for GET and HEAD. */
    ScriptedRegistry serve(String path, String contentType, byte[] body) {
        return on(path, (r, out) -> {
            Map<String, String> headers = Map.of("Content-Type", contentType);
            if (r.method().equals("HEAD")) {
                head(out, 200, headers, body.length);
            } else {
                send(out, 200, headers, body);
            }
        });
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> requests(String pathPart) {
        return requests.stream().filter(r -> r.path().contains(pathPart)).toList();
    }

    /** A complete answer with a correct Content-Length. */
    static void send(OutputStream out, int status, Map<String, String> headers, byte[] body) throws IOException {
        head(out, status, headers, body.length);
        out.write(body);
        out.flush();
    }

    /** The status line and headers, with {@code Content-Length: length} (which the body may then belie). */
    static void head(OutputStream out, int status, Map<String, String> headers, long length) throws IOException {
        StringBuilder b = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status))
                .append("\r\n");
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putIfAbsent("Docker-Distribution-API-Version", "registry/2.0");
        all.put("Content-Length", String.valueOf(length));
        all.put("Connection", "close");
        all.forEach((k, v) -> b.append(k).append(": ").append(v).append("\r\n"));
        b.append("\r\n");
        out.write(b.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 307 -> "Temporary Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            default -> "Status";
        };
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                open.add(s);
                Thread t = new Thread(() -> handle(s), "scripted-registry-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void handle(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            int first = in.read();
            if (first == 0x16) {
                // A TLS ClientHello: answer as a plain-HTTP server does.
                send(out, 400, Map.of(), "Client sent an HTTP request to an HTTPS server.\n"
                        .getBytes(StandardCharsets.US_ASCII));
                return;
            }
            if (first < 0) {
                return;
            }
            List<String> lines = readHead(in, first);
            if (lines.isEmpty()) {
                return;
            }
            String[] requestLine = lines.get(0).split(" ");
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                            line.substring(colon + 1).strip());
                }
            }
            String length = headers.get("content-length");
            if (length != null) {
                in.readNBytes(Integer.parseInt(length));
            }
            String target = requestLine.length > 1 ? requestLine[1] : "/";
            String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
            Request request = new Request(requestLine[0], path, headers);
            requests.add(request);
            scripts.getOrDefault(path, fallback).answer(request, out);
            out.flush();
        } catch (IOException e) {
            // the client went away, as hostile tests make it do
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(s);
        }
    }

    private static List<String> readHead(InputStream in, int first) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        List<String> lines = new ArrayList<>();
        int b = first;
        while (b >= 0) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1).replaceAll("\r$", "");
                if (text.isEmpty()) {
                    return lines;
                }
                lines.add(text);
                line.reset();
            } else {
                line.write(b);
            }
            b = in.read();
        }
        return lines;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
