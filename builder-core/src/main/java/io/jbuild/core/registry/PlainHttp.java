package io.jbuild.core.registry;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * HTTP/1.1 over plain sockets, for a registry's {@code http:} URIs (loopback and {@code --insecure-registry} hosts).
 * The JDK's client builds an {@code SSLContext} and starts its selector thread even when it never speaks TLS: at
 * the start of a re-push of blobs a loopback registry has, that was 200-350 ms of CPU of a command whose requests
 * take a few ms. This client keeps the JDK client's behaviour where it matters here: the request's time-out bounds the wait for the
 * response's head (the body has the callers' own bounds: {@link BoundedCopy}, {@link RegistryHttp#readBody}),
 * no proxy, connections kept per host and port and reused once a body was read to its end. Closing a body before
 * its end closes its connection, which also wakes a read blocked on it.
 */
final class PlainHttp implements AutoCloseable {

    /** Most of a response's status line and headers: a head that never ends must not fill the memory. */
    private static final int MAX_HEAD = 64 * 1024;
    /** How many times in all a GET or HEAD is sent on new connections that are lost before an answer. */
    private static final int FRESH_RESENDS = 3;
    /** Request headers the client writes itself. */
    private static final Set<String> OWN_HEADERS = Set.of("host", "content-length", "connection",
            "transfer-encoding");

    private final Duration connectTimeout;
    private final Map<String, Deque<Connection>> idle = new HashMap<>();
    private boolean closed;

    PlainHttp(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /**
     * Sends {@code request} and returns once the response's head has arrived. A request that a kept connection
     * loses before any byte of an answer (the server closed it while it was idle) is sent once more on a new one; a
     * GET or HEAD also when a new connection is lost so, up to {@link #FRESH_RESENDS} times.
     *
     * @throws HttpTimeoutException when the head did not arrive within the request's time-out
     */
    RegistryResponse send(RegistryRequest request) throws IOException {
        URI uri = request.uri();
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("not a plain HTTP URI: " + uri);
        }
        byte[] body = request.body();
        byte[] head = head(request, body);
        long deadline = System.nanoTime() + request.timeout().toNanos();
        String key = uri.getHost().toLowerCase(Locale.ROOT) + ":" + port(uri);
        boolean idempotent = request.method().equals("GET") || request.method().equals("HEAD");
        int lostFresh = 0;
        while (true) {
            Connection c = idleConnection(key);
            boolean reused = c != null;
            if (c == null) {
                c = connect(uri, key);
            }
            try {
                c.out.write(head);
                c.out.write(body);
                c.out.flush();
                return receive(c, request, deadline);
            } catch (StaleConnectionException e) {
                c.close();
                // A GET or HEAD lost on a new connection too goes again (a reset on a flaky network), a few times:
                // cheaper than the caller's retry of its whole operation, and safe for a request that changes nothing.
                if (!reused && !(idempotent && ++lostFresh < FRESH_RESENDS)) {
                    throw new EOFException("the server closed the connection without answering " + request.method()
                            + " " + uri);
                }
            } catch (IOException | RuntimeException e) {
                c.close();
                throw e;
            }
        }
    }

    /**
     * Closes a body that is not wanted. What is left of it, if already received, is read first so the connection
     * can serve the next request (a ping's or a challenge's few bytes); never waits for more.
     */
    static void discard(InputStream body) throws IOException {
        if (body instanceof Body b) {
            b.discard();
        } else {
            body.close();
        }
    }

    /** Closes the kept connections; a response still being read keeps its own until it is closed. */
    @Override
    public void close() {
        List<Connection> all = new ArrayList<>();
        synchronized (this) {
            closed = true;
            idle.values().forEach(all::addAll);
            idle.clear();
        }
        all.forEach(Connection::close);
    }

    private synchronized Connection idleConnection(String key) {
        Deque<Connection> q = idle.get(key);
        return q == null ? null : q.pollLast();
    }

    private void release(Connection c) {
        synchronized (this) {
            if (!closed) {
                idle.computeIfAbsent(c.key, k -> new ArrayDeque<>()).addLast(c);
                return;
            }
        }
        c.close();
    }

    private Connection connect(URI uri, String key) throws IOException {
        IOException failure = null;
        for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(address, port(uri)), (int) Math.min(Integer.MAX_VALUE,
                        Math.max(1, connectTimeout.toMillis())));
                return new Connection(key, s);
            } catch (IOException e) {
                s.close();
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        throw failure != null ? failure : new IOException("no address for " + uri.getHost());
    }

    private RegistryResponse receive(Connection c, RegistryRequest request, long deadline) throws IOException {
        while (true) {
            List<String> lines = readHead(c, request, deadline);
            String[] status = lines.get(0).split(" ", 3);
            int code;
            try {
                code = status.length >= 2 && status[0].startsWith("HTTP/") ? Integer.parseInt(status[1]) : -1;
            } catch (NumberFormatException e) {
                code = -1;
            }
            if (code < 100 || code > 999) {
                throw new IOException("not an HTTP answer from " + request.uri() + ": " + printable(lines.get(0)));
            }
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String line : lines.subList(1, lines.size())) {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new IOException("malformed header from " + request.uri() + ": " + printable(line));
                }
                headers.computeIfAbsent(line.substring(0, colon).strip(), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).strip());
            }
            if (code < 200) {
                continue; // 100 Continue and the like: the answer follows
            }
            c.socket.setSoTimeout(0); // the body's bounds are the callers' (see the class comment)
            ResponseHeaders h = new ResponseHeaders(headers);
            boolean keep = status[0].equals("HTTP/1.1") && !anyContains(h.allValues("Connection"), "close");
            InputStream body = body(c, request.method(), code, h, keep);
            return new RegistryResponse(code, request.method(), request.uri(), h, body);
        }
    }

    /** The status line and header lines, without the blank line that ends them. */
    private static List<String> readHead(Connection c, RegistryRequest request, long deadline) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int total = 0;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw timedOut(request);
            }
            c.socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(left))));
            int b;
            try {
                b = c.in.read();
            } catch (SocketTimeoutException e) {
                throw timedOut(request);
            } catch (IOException e) {
                if (total == 0) {
                    throw new StaleConnectionException(e);
                }
                throw e;
            }
            if (b < 0) {
                if (total == 0) {
                    throw new StaleConnectionException(null);
                }
                throw new EOFException("the connection closed in the middle of the answer to " + request.method()
                        + " " + request.uri());
            }
            if (++total > MAX_HEAD) {
                throw new IOException("the answer of " + request.uri() + " has a head over " + MAX_HEAD + " bytes");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                line.reset();
                if (n == 0) {
                    if (lines.isEmpty()) {
                        continue; // a stray line break before the status line
                    }
                    return lines;
                }
                lines.add(new String(bytes, 0, n, StandardCharsets.ISO_8859_1));
            } else {
                line.write(b);
            }
        }
    }

    /** Whether a value, in lower case, contains {@code word}; a loop, not a stream (see {@link ResponseHeaders}). */
    private static boolean anyContains(List<String> values, String word) {
        for (String v : values) {
            if (v.toLowerCase(Locale.ROOT).contains(word)) {
                return true;
            }
        }
        return false;
    }

    private InputStream body(Connection c, String method, int code, ResponseHeaders h, boolean keep)
            throws IOException {
        if (method.equals("HEAD") || code == 204 || code == 304) {
            Body empty = new Body(c, InputStream.nullInputStream(), keep);
            empty.ended();
            return empty;
        }
        boolean chunked = anyContains(h.allValues("Transfer-Encoding"), "chunked");
        if (chunked) {
            return new Body(c, new Chunked(c.in), keep);
        }
        Optional<String> length = h.firstValue("Content-Length");
        if (length.isPresent()) {
            long n;
            try {
                n = Long.parseLong(length.get().strip());
            } catch (NumberFormatException e) {
                throw new IOException("bad Content-Length: " + printable(length.get()));
            }
            if (n < 0) {
                throw new IOException("bad Content-Length: " + n);
            }
            Body b = new Body(c, new Fixed(c.in, n), keep);
            if (n == 0) {
                b.ended();
            }
            return b;
        }
        return new Body(c, c.in, false); // until the server closes
    }

    private static byte[] head(RegistryRequest request, byte[] body) {
        URI uri = request.uri();
        StringBuilder s = new StringBuilder();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        s.append(request.method()).append(' ').append(path);
        if (uri.getRawQuery() != null) {
            s.append('?').append(uri.getRawQuery());
        }
        s.append(" HTTP/1.1\r\nHost: ").append(uri.getHost());
        if (uri.getPort() != -1) {
            s.append(':').append(uri.getPort());
        }
        s.append("\r\n");
        for (RegistryRequest.Header h : request.headers()) {
            if (!OWN_HEADERS.contains(h.name().toLowerCase(Locale.ROOT))) {
                s.append(h.name()).append(": ").append(h.value()).append("\r\n");
            }
        }
        if (body.length > 0 || !(request.method().equals("GET") || request.method().equals("HEAD"))) {
            s.append("Content-Length: ").append(body.length).append("\r\n");
        }
        s.append("\r\n");
        return s.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static HttpTimeoutException timedOut(RegistryRequest request) {
        return new HttpTimeoutException("request timed out: " + request.method() + " " + request.uri());
    }

    private static int port(URI uri) {
        return uri.getPort() == -1 ? 80 : uri.getPort();
    }

    private static String printable(String s) {
        String cut = s.length() > 200 ? s.substring(0, 200) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    /** A kept connection lost before the answer began: worth one more try on a new one. */
    private static final class StaleConnectionException extends IOException {
        private static final long serialVersionUID = 1L;

        StaleConnectionException(Throwable cause) {
            super("connection closed before the answer", cause);
        }
    }

    private static final class Connection {
        final String key;
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        Connection(String key, Socket socket) throws IOException {
            this.key = key;
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            this.out = socket.getOutputStream();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing left to do with it
            }
        }
    }

    /** A stream read in blocks: the single-byte read goes through the block read. */
    private abstract static class BlockStream extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }
    }

    /**
     * A response body: at its end its connection goes back to the pool (if the answer allows), closed before then
     * it closes the connection. Either happens once: a watchdog closing a finished body must not close a connection
     * another request now uses.
     */
    private final class Body extends BlockStream {
        private static final int OPEN = 0;
        private static final int RELEASED = 1;
        private static final int CLOSED = 2;
        private final Connection connection;
        private final InputStream in;
        private final boolean keep;
        private final AtomicInteger state = new AtomicInteger(OPEN);

        Body(Connection connection, InputStream in, boolean keep) {
            this.connection = connection;
            this.in = in;
            this.keep = keep;
        }

        void ended() {
            if (keep && state.compareAndSet(OPEN, RELEASED)) {
                release(connection);
            }
        }

        void discard() {
            try {
                if (keep && state.get() == OPEN && in instanceof Fixed f && f.left <= connection.in.available()) {
                    byte[] buffer = new byte[8192];
                    while (read(buffer, 0, buffer.length) >= 0) {
                        // to the end, which releases the connection
                    }
                }
            } catch (IOException e) {
                // closed below
            }
            close();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (state.get() != OPEN) {
                if (state.get() == CLOSED) {
                    throw new IOException("closed");
                }
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int n = in.read(b, off, len);
            if (n < 0) {
                ended();
            }
            return n;
        }

        @Override
        public void close() {
            if (state.compareAndSet(OPEN, CLOSED)) {
                connection.close();
            }
        }
    }

    /** A body of {@code Content-Length} bytes; a connection closed early is an error, not an end. */
    private static final class Fixed extends BlockStream {
        private final InputStream in;
        private long left;

        Fixed(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("the connection closed " + left + " bytes before the end of the body");
            }
            left -= n;
            return n;
        }
    }

    /** A {@code Transfer-Encoding: chunked} body. */
    private static final class Chunked extends BlockStream {
        private final InputStream in;
        private long left;
        private boolean end;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (end) {
                return -1;
            }
            if (left == 0) {
                String size = line();
                int semi = size.indexOf(';');
                try {
                    left = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).strip(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("bad chunk size: " + printable(size));
                }
                if (left < 0) {
                    throw new IOException("bad chunk size: " + printable(size));
                }
                if (left == 0) {
                    while (!line().isEmpty()) {
                        // trailers: not used
                    }
                    end = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("the connection closed in the middle of a chunk");
            }
            left -= n;
            if (left == 0 && !line().isEmpty()) {
                throw new IOException("a chunk does not end with a line break");
            }
            return n;
        }

        private String line() throws IOException {
            StringBuilder s = new StringBuilder();
            while (true) {
                int c = in.read();
                if (c < 0) {
                    throw new EOFException("the connection closed in the middle of a chunked body");
                }
                if (c == '\n') {
                    int n = s.length();
                    return n > 0 && s.charAt(n - 1) == '\r' ? s.substring(0, n - 1) : s.toString();
                }
                if (s.length() > 4096) {
                    throw new IOException("a chunk's size line is over 4096 bytes");
                }
                s.append((char) c);
            }
        }
    }
}
