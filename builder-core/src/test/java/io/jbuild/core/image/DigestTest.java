package io.jbuild.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbuild.grammar.reference.Digest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigestTest {

    private static final String EMPTY = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final String HELLO = "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    @Test
    void knownVectors() {
        assertThat(Digest.of(new byte[0]).toString()).isEqualTo(EMPTY);
        assertThat(Digest.of("hello".getBytes(StandardCharsets.UTF_8)).toString()).isEqualTo(HELLO);
        assertThat(Digest.parse(HELLO).encoded()).startsWith("2cf24dba5fb0");
        assertThat(Digest.parse(HELLO).shortHex()).isEqualTo("2cf24dba5fb0");
        assertThat(Digest.parse(HELLO)).isEqualTo(Digest.sha256(HELLO.substring(7)));
    }

    @Test
    void rejectsNonCanonicalDigests() {
        assertThatThrownBy(() -> Digest.parse("sha256:ABC"))
                .hasMessage("invalid digest \"sha256:ABC\": sha256 needs 64 lowercase hex digits");
        assertThatThrownBy(() -> Digest.parse(HELLO.toUpperCase()))
                .hasMessageContaining("unsupported algorithm \"SHA256\"");
        assertThatThrownBy(() -> Digest.parse("md5:0123"))
                .hasMessage("invalid digest \"md5:0123\": unsupported algorithm \"md5\"");
        assertThatThrownBy(() -> Digest.parse("nocolon")).hasMessage("invalid digest \"nocolon\": expected algorithm:hex");
        assertThat(Digest.parse("sha512:" + "0".repeat(128)).algorithm()).isEqualTo("sha512");
    }

    @Test
    void streamingEqualsInMemory() throws Exception {
        byte[] data = new byte[300_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        assertThat(Digest.of(new ByteArrayInputStream(data))).isEqualTo(Digest.of(data));

        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (DigestingOutputStream out = new DigestingOutputStream(sink)) {
            out.write(data, 0, 1000);
            out.write(data[1000]);
            out.write(data, 1001, data.length - 1001);
            out.flush();
            assertThat(out.digest()).isEqualTo(Digest.of(data));
            assertThat(out.size()).isEqualTo(data.length);
        }
        assertThat(sink.toByteArray()).isEqualTo(data);
    }

    @Test
    void verifyingStreamFailsAtTheEndOnMismatch() throws Exception {
        byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
        try (InputStream in = new DigestingInputStream(new ByteArrayInputStream(hello), Digest.parse(HELLO), 5)) {
            assertThat(in.readAllBytes()).isEqualTo(hello);
        }
        try (InputStream in = new DigestingInputStream(new ByteArrayInputStream(hello), Digest.parse(EMPTY), -1)) {
            assertThatThrownBy(in::readAllBytes)
                    .isInstanceOf(DigestMismatchException.class)
                    .hasMessage("blob " + EMPTY + ": digest mismatch: content has digest " + HELLO);
        }
        try (InputStream in = new DigestingInputStream(new ByteArrayInputStream(hello), Digest.parse(HELLO), 3)) {
            assertThatThrownBy(in::readAllBytes)
                    .isInstanceOf(DigestMismatchException.class)
                    .hasMessage("blob " + HELLO + ": size mismatch: expected 3 bytes, got more");
        }
    }

    @Test
    void jsonIsTheString() throws Exception {
        Descriptor d = Descriptor.of(MediaTypes.OCI_LAYER, Digest.parse(HELLO), 5);
        assertThat(OciJson.writeString(d)).isEqualTo(
                "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + HELLO + "\",\"size\":5}");
    }
}
