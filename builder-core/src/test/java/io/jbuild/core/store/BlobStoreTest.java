package io.jbuild.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.image.DigestMismatchException;
import io.jbuild.core.image.DigestingOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobStoreTest {

    @TempDir
    Path root;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private long filesIn(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void putGetHas() throws Exception {
        ImageStore store = ImageStore.open(root);
        BlobStore blobs = store.blobs();
        BlobInfo info = blobs.put(new ByteArrayInputStream(utf8("hello")));
        assertThat(info.digest().toString())
                .isEqualTo("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        assertThat(info.size()).isEqualTo(5);
        assertThat(blobs.has(info.digest())).isTrue();
        assertThat(blobs.size(info.digest())).isEqualTo(5);
        assertThat(blobs.path(info.digest()))
                .isEqualTo(root.resolve("oci/blobs/sha256/2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"));
        try (InputStream in = blobs.open(info.digest())) {
            assertThat(in.readAllBytes()).isEqualTo(utf8("hello"));
        }
        assertThat(blobs.readAll(info.digest(), 100)).isEqualTo(utf8("hello"));
        assertThat(blobs.list()).containsExactly(info.digest());
        assertThat(filesIn(root.resolve("tmp"))).isZero();
        // Blobs are ordinary readable files, not private temp files.
        assertThat(Files.getPosixFilePermissions(blobs.path(info.digest()))).contains(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OTHERS_READ);
    }

    @Test
    void aWritersDigestIsTheOneItCommitsUnderAndEndsTheWriting() throws Exception {
        // A layer writer takes the blob's digest from the blob writer (it no longer digests the bytes itself): the
        // digest it reads must be the address the blob is stored at, and nothing may be written after it.
        BlobStore blobs = ImageStore.open(root).blobs();
        try (BlobWriter out = blobs.writer()) {
            out.write(utf8("hel"));
            out.write('l');
            out.write(utf8("o!"), 0, 1);
            assertThat(out.size()).isEqualTo(5);
            assertThat(out.digest()).isEqualTo(Digest.of(utf8("hello")));
            assertThatThrownBy(() -> out.write(utf8("more"))).isInstanceOf(IllegalStateException.class);
            BlobInfo info = out.commit();
            assertThat(info.digest()).isEqualTo(Digest.of(utf8("hello")));
            assertThat(info.size()).isEqualTo(5);
        }
        assertThat(blobs.readAll(Digest.of(utf8("hello")), 100)).isEqualTo(utf8("hello"));
        assertThat(filesIn(root.resolve("tmp"))).isZero();
    }

    @Test
    void missingBlobIsNamed() throws Exception {
        BlobStore blobs = ImageStore.open(root).blobs();
        Digest d = Digest.of(utf8("nope"));
        assertThat(blobs.has(d)).isFalse();
        assertThatThrownBy(() -> blobs.open(d)).isInstanceOf(BlobNotFoundException.class)
                .hasMessage("blob " + d + " not found in the store");
    }

    @Test
    void digestMismatchIsRejectedAndLeavesNothing() throws Exception {
        BlobStore blobs = ImageStore.open(root).blobs();
        Digest wrong = Digest.of(utf8("something else"));
        assertThatThrownBy(() -> blobs.put(new ByteArrayInputStream(utf8("hello")), wrong, -1))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining("digest mismatch");
        assertThatThrownBy(() -> blobs.put(new ByteArrayInputStream(utf8("hello")), Digest.of(utf8("hello")), 4))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining("size mismatch: expected 4 bytes, got 5");
        assertThat(blobs.list()).isEmpty();
        assertThat(filesIn(root.resolve("tmp"))).isZero();
    }

    @Test
    void expectedDigestThatIsPresentIsNotReadAgain() throws Exception {
        BlobStore blobs = ImageStore.open(root).blobs();
        BlobInfo first = blobs.put(utf8("layer"));
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("must not be read");
            }
        };
        assertThat(blobs.put(failing, first.digest(), 5)).isEqualTo(first);
    }

    @Test
    void writerStreamsAndAbortsCleanly() throws Exception {
        BlobStore blobs = ImageStore.open(root).blobs();
        byte[] chunk = new byte[1 << 20];
        Digest expected;
        try (OutputStream sink = OutputStream.nullOutputStream();
             DigestingOutputStream d = new DigestingOutputStream(sink)) {
            for (int i = 0; i < 16; i++) {
                chunk[0] = (byte) i;
                d.write(chunk);
            }
            expected = d.digest();
        }
        BlobInfo info;
        try (BlobWriter w = blobs.writer()) {
            for (int i = 0; i < 16; i++) {
                chunk[0] = (byte) i;
                w.write(chunk);
            }
            assertThat(filesIn(root.resolve("tmp"))).isEqualTo(1);
            info = w.commit(expected, 16L << 20);
        }
        assertThat(info.size()).isEqualTo(16L << 20);
        try (InputStream in = blobs.openVerified(info.digest())) {
            assertThat(in.transferTo(OutputStream.nullOutputStream())).isEqualTo(16L << 20);
        }

        try (BlobWriter w = blobs.writer()) {
            w.write(utf8("abandoned"));
        }
        assertThat(blobs.list()).containsExactly(info.digest());
        assertThat(filesIn(root.resolve("tmp"))).isZero();
    }

    @Test
    void corruptedBlobFailsVerifiedReads() throws Exception {
        BlobStore blobs = ImageStore.open(root).blobs();
        BlobInfo info = blobs.put(utf8("{\"a\":1}"));
        Files.write(blobs.path(info.digest()), utf8("{\"a\":2}"));
        assertThatThrownBy(() -> blobs.readAll(info.digest(), 100)).isInstanceOf(DigestMismatchException.class);
        assertThatThrownBy(() -> blobs.readAll(info.digest(), 3)).hasMessageContaining("more than the 3 allowed");
    }
}
