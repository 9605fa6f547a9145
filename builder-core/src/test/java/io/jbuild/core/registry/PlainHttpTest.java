package io.jbuild.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The plain-HTTP client against a scripted server on loopback: what goes on the wire, bodies framed by length and by
 * chunks, connections kept and reused (and a kept one the server closed replaced), and the failures a registry
 * client must see: a body cut short, a head that never comes, a body closed while a read waits on it.
 */
class PlainHttpTest {

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** A server answering each request on a connection with {@code script(requestHead, out)}; counts connections. */
    private final class Server implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger connections = new AtomicInteger();
        final BlockingQueue<String> heads = new LinkedBlockingQueue<>();
        final List<Socket> accepted = new ArrayList<>();

        Server(BiConsumer<String, OutputStream> script) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                while (true) {
                    Socket s;
                    try {
                        s = socket.accept();
                    } catch (IOException e) {
                        return;
                    }
                    connections.incrementAndGet();
                    synchronized (accepted) {
                        accepted.add(s);
                    }
                    Thread c = new Thread(() -> serve(s, script));
                    c.setDaemon(true);
                    c.start();
                }
            });
            t.setDaemon(true);
            t.start();
            open.add(this);
        }

        private void serve(Socket s, BiConsumer<String, OutputStream> script) {
            try (s) {
                InputStream in = s.getInputStream();
                while (true) {
                    String head = readHead(in);
                    if (head == null) {
                        return;
                    }
                    int length = contentLength(head);
                    byte[] body = in.readNBytes(length);
                    heads.add(head + new String(body, StandardCharsets.UTF_8));
                    script.accept(head, s.getOutputStream());
                    s.getOutputStream().flush();
                }
            } catch (IOException | RuntimeException e) {
                // the connection ends
            }
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (accepted) {
                for (Socket s : accepted) {
                    s.close();
                }
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            String s = b.toString(StandardCharsets.ISO_8859_1);
            if (s.endsWith("\r\n\r\n")) {
                return s;
            }
        }
        return null;
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).strip());
            }
        }
        return 0;
    }

    private static void write(OutputStream out, String s) {
        try {
            out.write(s.getBytes(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private PlainHttp client() {
        PlainHttp c = new PlainHttp(Duration.ofSeconds(5));
        open.add(c);
        return c;
    }

    private static RegistryRequest get(URI uri) {
        return RegistryRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).header("User-Agent", "t").GET().build();
    }

    @Test
    void requestsShareOneKeptConnectionAndBodiesAreFramed() throws Exception {
        AtomicInteger n = new AtomicInteger();
        Server server = new Server((head, out) -> {
            if (head.startsWith("HEAD")) {
                write(out, "HTTP/1.1 200 OK\r\nContent-Length: 12345\r\n\r\n");
            } else if (n.incrementAndGet() % 2 == 0) {
                write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n4;x=y\r\ndefg\r\n0\r\n\r\n");
            } else {
                write(out, "HTTP/1.1 201 Created\r\nContent-Length: 5\r\nDocker-Content-Digest: sha256:x\r\n"
                        + "X-Twice: a\r\nx-twice: b\r\n\r\nhello");
            }
        });
        PlainHttp http = client();

        RegistryResponse put = http.send(RegistryRequest.newBuilder(server.uri("/v2/r/manifests/1?q=1"))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/x")
                .method("PUT", "{\"a\":1}".getBytes(StandardCharsets.UTF_8)).build());
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(put.headers().firstValue("docker-content-digest")).hasValue("sha256:x");
        assertThat(put.headers().allValues("X-Twice")).containsExactly("a", "b");
        assertThat(new String(put.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
        String sent = server.heads.poll(5, TimeUnit.SECONDS);
        assertThat(sent).startsWith("PUT /v2/r/manifests/1?q=1 HTTP/1.1\r\nHost: 127.0.0.1:"
                + server.socket.getLocalPort() + "\r\n").contains("Content-Type: application/x\r\n")
                .contains("Content-Length: 7\r\n").endsWith("\r\n\r\n{\"a\":1}");

        RegistryResponse chunked = http.send(get(server.uri("/c")));
        assertThat(new String(chunked.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("abcdefg");

        RegistryResponse head = http.send(RegistryRequest.newBuilder(server.uri("/h"))
                .method("HEAD", new byte[0]).build());
        assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(12345);
        assertThat(head.body().readAllBytes()).isEmpty(); // a HEAD's answer has no body, whatever its length says
        head.body().close();

        RegistryResponse again = http.send(get(server.uri("/again")));
        PlainHttp.discard(again.body()); // read to its end: the connection stays
        assertThat(http.send(get(server.uri("/c"))).body().readAllBytes()).hasSize(7);

        assertThat(server.connections.get()).as("connections for five requests in a row").isEqualTo(1);
    }

    @Test
    void aKeptConnectionTheServerClosedIsReplacedOnce() throws Exception {
        Server server = new Server((head, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
            try {
                out.close(); // after every answer, without saying so
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        PlainHttp http = client();
        for (int i = 0; i < 3; i++) {
            RegistryResponse r = http.send(get(server.uri("/v2/")));
            assertThat(r.body().readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("{}");
        }
        assertThat(server.connections.get()).isEqualTo(3);
    }

    @Test
    void aGetLostOnNewConnectionsGoesAgainAFewTimesAPostDoesNot() throws Exception {
        AtomicInteger answered = new AtomicInteger();
        Server server = new Server((head, out) -> {
            try {
                if (answered.getAndIncrement() % 3 < 2) {
                    out.close(); // two of every three requests lost before any answer (a flaky network)
                    return;
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        });
        PlainHttp http = client();
        RegistryResponse r = http.send(get(server.uri("/v2/x/blobs/sha256:0")));
        assertThat(r.body().readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("{}");
        assertThat(server.connections.get()).isEqualTo(3);
        RegistryRequest post = RegistryRequest.newBuilder(server.uri("/v2/x/blobs/uploads/"))
                .POST(new byte[0]).build();
        assertThatThrownBy(() -> http.send(post)).isInstanceOf(EOFException.class)
                .hasMessageContaining("without answering POST");
        assertThat(server.connections.get()).isEqualTo(4);
    }

    @Test
    void aBodyCutShortIsAnErrorNotAnEnd() throws Exception {
        Server server = new Server((head, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
            try {
                out.close();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        RegistryResponse r = client().send(get(server.uri("/blob")));
        assertThatThrownBy(() -> r.body().readAllBytes()).isInstanceOf(EOFException.class)
                .hasMessageContaining("7 bytes before the end");
    }

    @Test
    void aHeadThatNeverComesTimesOutAndClosingABodyWakesItsReader() throws Exception {
        Server silent = new Server((head, out) -> {
            // never answers
        });
        RegistryRequest quick = RegistryRequest.newBuilder(silent.uri("/v2/")).timeout(Duration.ofMillis(300)).GET()
                .build();
        long start = System.nanoTime();
        assertThatThrownBy(() -> client().send(quick)).isInstanceOf(HttpTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));

        Server stalls = new Server((head, out) -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nab"));
        RegistryResponse r = client().send(get(stalls.uri("/blob")));
        InputStream body = r.body();
        CompletableFuture<Object> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return body.readAllBytes();
            } catch (IOException e) {
                return e;
            }
        });
        Thread.sleep(200);
        assertThat(reader).isNotDone();
        body.close();
        assertThat(reader.get(5, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
    }
}
