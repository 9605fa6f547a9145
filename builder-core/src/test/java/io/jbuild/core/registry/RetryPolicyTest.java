package io.jbuild.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.image.DigestMismatchException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private static final RetryPolicy QUICK = new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(3));

    @Test
    void delaysDoubleUpToTheLimit() {
        RetryPolicy p = new RetryPolicy(6, Duration.ofMillis(250), Duration.ofSeconds(1));
        assertThat(p.delayBefore(1)).isZero();
        assertThat(p.delayBefore(2)).isEqualTo(Duration.ofMillis(250));
        assertThat(p.delayBefore(3)).isEqualTo(Duration.ofMillis(500));
        assertThat(p.delayBefore(4)).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.delayBefore(6)).isEqualTo(Duration.ofSeconds(1));
        assertThat(RetryPolicy.DEFAULT.delayBefore(100)).isEqualTo(RetryPolicy.DEFAULT.maxDelay());
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void transientFailuresAreRetriedAndReported() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<String> reported = new ArrayList<>();
        TransferListener listener = new TransferListener() {
            @Override
            public void retrying(String what, int attempt, int maxAttempts, Duration delay, Exception cause) {
                reported.add(what + " " + attempt + "/" + maxAttempts + ": " + cause.getMessage());
            }
        };
        String result = QUICK.run("fetch x", () -> {
            if (calls.incrementAndGet() < 3) {
                throw new SocketException("Connection reset");
            }
            return "ok";
        }, listener);
        assertThat(result).isEqualTo("ok");
        assertThat(reported).containsExactly("fetch x 2/4: Connection reset", "fetch x 3/4: Connection reset");
    }

    @Test
    void triesAreBoundedAndTheLastFailureIsKept() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> QUICK.run("download y", () -> {
            calls.incrementAndGet();
            throw new HttpStatusException(503, "registry answered HTTP 503");
        }, TransferListener.SILENT))
                .hasMessage("download y: giving up after 4 attempts: registry answered HTTP 503")
                .hasCauseInstanceOf(HttpStatusException.class);
        assertThat(calls).hasValue(4);
        assertThatThrownBy(() -> RetryPolicy.NONE.run("fetch z", () -> {
            throw new SocketException("Connection reset");
        }, TransferListener.SILENT)).hasMessage("fetch z: Connection reset");
    }

    @Test
    void definiteAnswersAreNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> QUICK.run("pull z", () -> {
            calls.incrementAndGet();
            throw new RegistryException("z: manifest unknown");
        }, TransferListener.SILENT)).hasMessage("z: manifest unknown");
        assertThat(calls).hasValue(1);
    }

    @Test
    void whatCountsAsTransient() {
        assertThat(Transience.isTransient(new SocketException("Connection reset"))).isTrue();
        assertThat(Transience.isTransient(new ConnectException("Connection refused"))).isTrue();
        assertThat(Transience.isTransient(new EOFException())).isTrue();
        assertThat(Transience.isTransient(new SocketTimeoutException("Read timed out"))).isTrue();
        assertThat(Transience.isTransient(new IOException("wrapped", new SocketException("reset")))).isTrue();
        assertThat(Transience.isTransient(new HttpStatusException(500, "x"))).isTrue();
        assertThat(Transience.isTransient(new HttpStatusException(429, "x"))).isTrue();
        assertThat(Transience.isTransient(new HttpStatusException(400, "x"))).isFalse();
        assertThat(Transience.isTransient(new DigestMismatchException(
                Digest.of(new byte[1]), Digest.of(new byte[2]), 1, 1))).isTrue();

        assertThat(Transience.isTransient(new RegistryAuthException("no"))).isFalse();
        assertThat(Transience.isTransient(new IOException("x", new RegistryException("manifest unknown")))).isFalse();
        assertThat(Transience.isTransient(new UnknownHostException("nowhere.invalid"))).isFalse();
        assertThat(Transience.isTransient(new SSLHandshakeException("bad certificate"))).isFalse();
        assertThat(Transience.isTransient(new InterruptedIOException("interrupted"))).isFalse();
        assertThat(Transience.isTransient(new IllegalStateException("bug"))).isFalse();
    }
}
