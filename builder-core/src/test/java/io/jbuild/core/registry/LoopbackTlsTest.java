package io.jbuild.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbuild.grammar.reference.Digest;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A loopback registry is asked in plain HTTP first (no TLS handshake for the common local registry); one that
 * speaks only TLS answers that with 400, and the client goes on over HTTPS without verification, as before.
 */
class LoopbackTlsTest {

    @RegisterExtension
    static final LocalRegistry TLS = LocalRegistry.withTls();

    @RegisterExtension
    static final LocalRegistry PLAIN = LocalRegistry.open();

    @Test
    void aTlsOnlyLoopbackRegistryIsReachedOverHttps() throws Exception {
        RegistryHttp http = new RegistryHttp(RegistryEndpoint.of(TLS.host(), Set.of()), null, Duration.ofSeconds(20),
                "jbuild-test");
        http.authenticate("repository:tls/app:pull,push", "tls/app");
        assertThat(http.hasBlob("tls/app", Digest.parse("sha256:" + "1".repeat(64)), "repository:tls/app:pull",
                "tls/app")).isFalse();
        assertThatThrownBy(() -> http.manifest("tls/app", "1", "tls/app:1"))
                .isInstanceOf(RegistryException.class).hasMessageContaining("tls/app:1");
        // the ping was answered over TLS (the log lists the requests answered without error)
        assertThat(TLS.servedAfter(0, s -> s.uri().equals("/v2/"))).extracting(LocalRegistry.Served::uri)
                .containsExactly("/v2/");
    }

    @Test
    void aPlainLoopbackRegistryIsPingedOnce() throws Exception {
        int before = PLAIN.served().size();
        RegistryHttp http = new RegistryHttp(RegistryEndpoint.of(PLAIN.host(), Set.of()), null,
                Duration.ofSeconds(20), "jbuild-test");
        http.authenticate("repository:plain/app:pull,push", "plain/app");
        http.hasBlob("plain/app", Digest.parse("sha256:" + "2".repeat(64)), "repository:plain/app:pull", "plain/app");
        // one ping, in plain HTTP: the probe's answer is the ping (the HEAD's 404 is logged as an error, not here)
        assertThat(PLAIN.servedAfter(before, s -> s.uri().equals("/v2/"))).extracting(LocalRegistry.Served::uri)
                .containsExactly("/v2/");
    }
}
