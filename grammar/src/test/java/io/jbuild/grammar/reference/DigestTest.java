package io.jbuild.grammar.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Digest's JDK digests are fresh and independent of each other, whichever thread asks, as looked-up ones are. */
class DigestTest {

    private static String hex(MessageDigest md, String text) {
        return Digest.hex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void eachNewDigestStartsFreshWhateverTheOthersWereFed() throws Exception {
        MessageDigest a = Digest.newMessageDigest(Digest.SHA256);
        a.update("left over".getBytes(StandardCharsets.UTF_8)); // never finished: must not leak into the next
        MessageDigest b = Digest.newMessageDigest(Digest.SHA256);
        assertThat(b).isNotSameAs(a);
        assertThat(hex(b, "abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(hex(Digest.newMessageDigest(Digest.SHA256), ""))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(hex(Digest.newMessageDigest(Digest.SHA512), "abc")).startsWith("ddaf35a193617aba");
        assertThat(Digest.of("abc".getBytes(StandardCharsets.UTF_8)).encoded())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void onlyLowercaseHexOfTheAlgorithmsLengthIsADigest() {
        String hex64 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assertThat(Digest.parse("sha256:" + hex64).encoded()).isEqualTo(hex64);
        assertThat(Digest.parse("sha512:" + hex64 + hex64).algorithm()).isEqualTo(Digest.SHA512);
        for (String bad : List.of(hex64.toUpperCase(), hex64.substring(1), hex64 + "0", hex64.substring(1) + "g",
                hex64.substring(1) + "/", hex64.substring(1) + ":", "")) {
            assertThatThrownBy(() -> Digest.parse("sha256:" + bad))
                    .hasMessage("invalid digest \"sha256:" + bad + "\": sha256 needs 64 lowercase hex digits");
        }
        assertThatThrownBy(() -> Digest.parse("sha512:" + hex64))
                .hasMessageContaining("sha512 needs 128 lowercase hex digits");
    }

    @Test
    void threadsGetTheirOwnDigests() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String text = "thread " + t;
                String expected = hex(MessageDigest.getInstance("SHA-256"), text);
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        if (!hex(Digest.newMessageDigest(Digest.SHA256), text).equals(expected)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
