package io.jbuild.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {

    @Test
    void bearerChallengeOfDockerHub() {
        AuthChallenge c = AuthChallenge.parse("Bearer realm=\"https://auth.docker.io/token\","
                + "service=\"registry.docker.io\",scope=\"repository:library/busybox:pull\"");
        assertThat(c.scheme()).isEqualTo("bearer");
        assertThat(c.params()).isEqualTo(Map.of("realm", "https://auth.docker.io/token",
                "service", "registry.docker.io", "scope", "repository:library/busybox:pull"));
    }

    @Test
    void quotedCommasEscapesTokensAndSpaces() {
        AuthChallenge c = AuthChallenge.parse("bearer  Realm=\"https://r/t?a=1,2\" , service=plain,error=\"a\\\"b\"");
        assertThat(c.param("realm")).isEqualTo("https://r/t?a=1,2");
        assertThat(c.param("service")).isEqualTo("plain");
        assertThat(c.param("error")).isEqualTo("a\"b");
    }

    @Test
    void bearerIsPreferredOverBasic() {
        assertThat(AuthChallenge.choose(List.of("Basic realm=\"x\"", "Bearer realm=\"https://t\""))).get()
                .extracting(AuthChallenge::scheme).isEqualTo("bearer");
        assertThat(AuthChallenge.choose(List.of("Basic realm=\"Registry Realm\""))).get()
                .extracting(AuthChallenge::scheme).isEqualTo("basic");
        assertThat(AuthChallenge.choose(List.of())).isEmpty();
        assertThat(AuthChallenge.choose(List.of("Negotiate"))).isEmpty();
    }
}
