package io.jbuild.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The registry client's own request: a value from a server cannot break a header line (it would put a header, or a
 * request, of the server's choosing on the connection), and the JDK's request made from it for HTTPS is the same
 * request.
 */
class RegistryRequestTest {

    private static final URI URI_ = URI.create("https://registry.example:5000/v2/app/manifests/1");

    @Test
    void headerValuesThatBreakTheLineAndNamesThatAreNoTokensAreRefused() {
        RegistryRequest.Builder b = RegistryRequest.newBuilder(URI_);
        for (String value : List.of("Bearer a\r\nX-Evil: 1", "a\nb", "a\rb", "a\u0000b", "a\u0100b", "\u007f")) {
            assertThatThrownBy(() -> b.header("Authorization", value))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Authorization");
        }
        for (String name : List.of("", "X Y", "X:Y", "X\r\nY", "Ä")) {
            assertThatThrownBy(() -> b.header(name, "v")).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> b.method("GET /x HTTP/1.1\r\n", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.timeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RegistryRequest.newBuilder(URI.create("/v2/")))
                .isInstanceOf(IllegalArgumentException.class);
        // what is allowed: tabs and Latin-1 in values, as HTTP/1.1 has them
        assertThat(values(b.header("X-Note", "a\tb é").build(), "x-note")).containsExactly("a\tb é");
    }

    @Test
    void theDefaultsAreAGetWithNoBodyAndHeadersKeepTheirOrder() {
        RegistryRequest r = RegistryRequest.newBuilder(URI_).header("Accept", "a").header("User-Agent", "u")
                .header("accept", "b").build();
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.body()).isEmpty();
        assertThat(r.timeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(values(r, "ACCEPT")).containsExactly("a", "b");
        assertThat(r.headers()).extracting(RegistryRequest.Header::name).containsExactly("Accept", "User-Agent",
                "accept");
    }

    @Test
    void theBodyIsCopiedWhenGiven() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        RegistryRequest r = RegistryRequest.newBuilder(URI_).POST(body).build();
        body[0] = 'x';
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    @Test
    void theJdkRequestForHttpsIsTheSameRequest() throws Exception {
        RegistryRequest r = RegistryRequest.newBuilder(URI_).timeout(Duration.ofSeconds(7))
                .header("Accept", "a").header("Accept", "b").header("Authorization", "Bearer t")
                .method("PUT", "{\"a\":1}".getBytes(StandardCharsets.UTF_8)).build();
        HttpRequest jdk = r.toJdk();
        assertThat(jdk.method()).isEqualTo("PUT");
        assertThat(jdk.uri()).isEqualTo(URI_);
        assertThat(jdk.timeout()).hasValue(Duration.ofSeconds(7));
        assertThat(jdk.headers().allValues("accept")).containsExactly("a", "b");
        assertThat(jdk.headers().firstValue("Authorization")).hasValue("Bearer t");
        assertThat(new String(published(jdk), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");

        HttpRequest get = RegistryRequest.newBuilder(URI_).build().toJdk();
        assertThat(get.method()).isEqualTo("GET");
        assertThat(get.bodyPublisher()).hasValueSatisfying(p -> assertThat(p.contentLength()).isZero());
    }

    /** The values of header {@code name} (compared without case), in order. */
    private static List<String> values(RegistryRequest r, String name) {
        return r.headers().stream().filter(h -> h.name().equalsIgnoreCase(name)).map(RegistryRequest.Header::value)
                .toList();
    }

    private static byte[] published(HttpRequest request) throws Exception {
        List<byte[]> parts = new ArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        request.bodyPublisher().orElseThrow().subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] b = new byte[item.remaining()];
                item.get(b);
                parts.add(b);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        done.get(5, TimeUnit.SECONDS);
        int n = parts.stream().mapToInt(p -> p.length).sum();
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
