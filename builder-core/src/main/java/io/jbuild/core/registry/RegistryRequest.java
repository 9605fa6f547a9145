package io.jbuild.core.registry;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One request {@link RegistryHttp} sends: method, URI, headers in the order given, a small body (a manifest, a
 * token request), the time-out for the answer's head. Our own type rather than the JDK's {@code HttpRequest}: the
 * first of those built initialises the JDK client's internals, ~20 ms of CPU at the start of every registry command
 * (2 cores, busy with the JIT), even when {@link PlainHttp} sends it; the JDK's request is made only for HTTPS.
 */
record RegistryRequest(String method, URI uri, List<Header> headers, byte[] body, Duration timeout) {

    /** A header as sent. */
    record Header(String name, String value) {
    }

    RegistryRequest {
        headers = List.copyOf(headers);
    }

    static Builder newBuilder(URI uri) {
        return new Builder(uri);
    }

    /** The same request for the JDK's client (HTTPS). */
    HttpRequest toJdk() {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).method(method, body.length == 0
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Header h : headers) {
            b.header(h.name(), h.value());
        }
        return b.build();
    }

    /** Builds a request; GET with no body and a 5-minute time-out unless told otherwise. */
    static final class Builder {
        private final URI uri;
        private final List<Header> headers = new ArrayList<>();
        private String method = "GET";
        private byte[] body = new byte[0];
        private Duration timeout = Duration.ofMinutes(5);

        private Builder(URI uri) {
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("not an absolute HTTP URI: " + uri);
            }
            this.uri = uri;
        }

        /**
         * Adds a header. A name must be an HTTP token and a value must not break the line: a value taken from a
         * server (a token, a location) cannot smuggle a header or a request of its own onto the connection.
         */
        Builder header(String name, String value) {
            if (!token(name)) {
                throw new IllegalArgumentException("invalid header name: \"" + name + "\"");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c != '\t' && (c < 0x20 || c == 0x7f || c > 0xff)) {
                    throw new IllegalArgumentException("invalid value for header " + name);
                }
            }
            headers.add(new Header(name, value));
            return this;
        }

        Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("time-out must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        Builder GET() {
            return method("GET", new byte[0]);
        }

        Builder POST(byte[] body) {
            return method("POST", body);
        }

        Builder method(String method, byte[] body) {
            if (!token(method)) {
                throw new IllegalArgumentException("invalid method: \"" + method + "\"");
            }
            this.method = method;
            this.body = body.clone();
            return this;
        }

        RegistryRequest build() {
            return new RegistryRequest(method, uri, headers, body, timeout);
        }

        /** An RFC 9110 token: visible ASCII but the separators, at least one. */
        private static boolean token(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c <= 0x20 || c >= 0x7f || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                    return false;
                }
            }
            return !s.isEmpty();
        }
    }
}
