package io.jbuild.core.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A loopback HTTP proxy in front of a registry that misbehaves on request: for the next N requests matching a
 * rule it drops the connection without an answer, answers 500 or 429, cuts the answer short, or stalls it. Every
 * other request is forwarded as is (one request per connection: {@code Connection: close}).
 */
public final class FaultyProxy implements AutoCloseable {

    /** What happens to a matching request. */
    enum Fault {
        /** Close the connection after reading the request: "connection reset" / "no response". */
        DROP,
        /** Answer 500 Internal Server Error. */
        ERROR_500,
        /** Answer 429 Too Many Requests. */
        TOO_MANY_REQUESTS,
        /** Forward, but close after the response head and 1 KiB of the body. */
        TRUNCATE,
        /** Forward the head and 64 KiB of the body, then hold the connection until {@link #close()}. */
        STALL
    }

    private record Rule(Fault fault, Predicate<String> requestLine, AtomicInteger remaining) {
    }

    private final int upstreamPort;
    private final ServerSocket server;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger faults = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile double dropFraction;
    /** Requests held before they are forwarded (null: none), and how many of them were held at once at most. */
    private volatile Predicate<String> slowed;
    private volatile long slowMillis;
    private final AtomicInteger slowNow = new AtomicInteger();
    private final AtomicInteger slowMost = new AtomicInteger();
    private Random dropRandom;

    private FaultyProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread acceptor = new Thread(this::acceptLoop, "faulty-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy on 127.0.0.1 in front of {@code 127.0.0.1:upstreamPort}. */
    public static FaultyProxy start(int upstreamPort) throws IOException {
        return new FaultyProxy(upstreamPort);
    }

    /** {@code 127.0.0.1:PORT}. */
    public String host() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** The next {@code count} requests whose request line ("GET /v2/... HTTP/1.1") matches get {@code fault}. */
    FaultyProxy fail(Fault fault, int count, Predicate<String> requestLine) {
        rules.add(new Rule(fault, requestLine, new AtomicInteger(count)));
        return this;
    }

    /**
     * Drops (as {@link Fault#DROP}) this fraction of all requests no rule matched, chosen by a random sequence
     * from {@code seed}: a flaky network.
     */
    FaultyProxy dropRandomly(double fraction, long seed) {
        synchronized (this) {
            dropRandom = new Random(seed);
        }
        dropFraction = fraction;
        return this;
    }

    private synchronized boolean randomDrop() {
        return dropFraction > 0 && dropRandom.nextDouble() < dropFraction;
    }

    /**
     * Holds each request matching {@code requestLine} {@code millis} before forwarding it (a slow registry), counting
     * how many are held at once ({@link #mostSlowedAtOnce}).
     */
    public FaultyProxy slow(long millis, Predicate<String> requestLine) {
        slowMillis = millis;
        slowed = requestLine;
        return this;
    }

    /** How many requests are being held right now. */
    public int slowedNow() {
        return slowNow.get();
    }

    /** The most slowed requests in flight at the same time so far. */
    public int mostSlowedAtOnce() {
        return slowMost.get();
    }

    /** Faults injected so far. */
    int faults() {
        return faults.get();
    }

    /** Request lines seen so far. */
    public List<String> requests() {
        return List.copyOf(seen);
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        server.close();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread t = new Thread(() -> handle(client), "faulty-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            int first = in.read();
            if (first < 0 || first == 0x16) {
                return; // a TLS handshake: this is a plain-HTTP registry, as the client learns from the close
            }
            byte[] head = readHead(in, first);
            String text = new String(head, StandardCharsets.ISO_8859_1);
            String requestLine = text.substring(0, text.indexOf("\r\n"));
            seen.add(requestLine);
            Fault fault = null;
            for (Rule r : rules) {
                if (r.requestLine.test(requestLine) && r.remaining.getAndDecrement() > 0) {
                    fault = r.fault;
                    faults.incrementAndGet();
                    break;
                }
            }
            if (fault == null && randomDrop()) {
                fault = Fault.DROP;
                faults.incrementAndGet();
            }
            OutputStream out = client.getOutputStream();
            if (fault == Fault.DROP) {
                client.setSoLinger(true, 0); // RST: what a crashed server or a flaky network looks like
                return;
            }
            if (fault == Fault.ERROR_500 || fault == Fault.TOO_MANY_REQUESTS) {
                String status = fault == Fault.ERROR_500 ? "500 Internal Server Error" : "429 Too Many Requests";
                String body = "{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"injected fault\"}]}";
                out.write(("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length() + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return;
            }
            Predicate<String> slow = slowed;
            if (fault == null && slow != null && slow.test(requestLine)) {
                slowMost.accumulateAndGet(slowNow.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(slowMillis);
                    forward(client, withConnectionClose(text), null);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    slowNow.decrementAndGet();
                }
                return;
            }
            forward(client, withConnectionClose(text), fault);
        } catch (IOException e) {
            // the client or the registry went away; nothing to clean up beyond the sockets
        }
    }

    private void forward(Socket client, String head, Fault fault) throws IOException {
        try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
            OutputStream up = upstream.getOutputStream();
            up.write(head.getBytes(StandardCharsets.ISO_8859_1));
            up.flush();
            Thread body = new Thread(() -> pipe(client, upstream), "faulty-proxy-body");
            body.setDaemon(true);
            body.start();
            InputStream down = upstream.getInputStream();
            OutputStream out = client.getOutputStream();
            if (fault == null) {
                down.transferTo(out);
                out.flush();
                return;
            }
            byte[] responseHead = readHead(down, down.read());
            out.write(responseHead);
            long limit = fault == Fault.TRUNCATE ? 1024 : 64 * 1024;
            byte[] buffer = new byte[8192];
            long sent = 0;
            for (int n; sent < limit && (n = down.read(buffer, 0, (int) Math.min(buffer.length, limit - sent))) > 0; ) {
                out.write(buffer, 0, n);
                sent += n;
            }
            out.flush();
            if (fault == Fault.STALL) {
                awaitClose();
            }
            client.setSoLinger(true, 0);
        }
    }

    private void awaitClose() {
        try {
            closed.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Copies the request body (if any) until either side closes. */
    private static void pipe(Socket client, Socket upstream) {
        try {
            client.getInputStream().transferTo(upstream.getOutputStream());
        } catch (IOException e) {
            // either side closed: the exchange is over
        }
    }

    /** Reads up to and including the blank line ending an HTTP head; {@code first} is its first byte. */
    private static byte[] readHead(InputStream in, int first) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b = first;
        int matched = 0;
        while (b >= 0 && head.size() < 64 * 1024) {
            head.write(b);
            matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return head.toByteArray();
            }
            b = in.read();
        }
        throw new IOException("incomplete HTTP head");
    }

    /** One request per connection, so that every request is seen (and can be failed) here. */
    private static String withConnectionClose(String head) {
        StringBuilder out = new StringBuilder();
        for (String line : head.split("\r\n")) {
            if (!line.isEmpty() && !line.regionMatches(true, 0, "Connection:", 0, 11)) {
                out.append(line).append("\r\n");
            }
        }
        return out.append("Connection: close\r\n\r\n").toString();
    }
}
