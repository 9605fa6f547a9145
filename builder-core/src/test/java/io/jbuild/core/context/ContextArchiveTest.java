package io.jbuild.core.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A build context sent as an archive: told apart from a Dockerfile, unpacked as files, never outside its directory. */
class ContextArchiveTest {

    @TempDir
    Path tmp;

    /** A tar of {name, content} pairs; a content starting with "->" makes a symlink to the rest. */
    private static byte[] tar(String... pairs) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(bytes)) {
            for (int i = 0; i < pairs.length; i += 2) {
                String content = pairs[i + 1];
                TarArchiveEntry e;
                if (content.startsWith("->")) {
                    e = new TarArchiveEntry(pairs[i], TarArchiveEntry.LF_SYMLINK, true);
                    e.setLinkName(content.substring(2));
                    t.putArchiveEntry(e);
                } else {
                    byte[] body = content.getBytes(StandardCharsets.UTF_8);
                    e = new TarArchiveEntry(pairs[i], true);
                    e.setSize(body.length);
                    e.setMode(0640);
                    t.putArchiveEntry(e);
                    t.write(body);
                }
                t.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] compress(byte[] plain, Function<OutputStream, OutputStream> with) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = with.apply(bytes)) {
            out.write(plain);
        }
        return bytes.toByteArray();
    }

    private static Function<OutputStream, OutputStream> unchecked(IoFunction f) {
        return out -> {
            try {
                return f.apply(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private interface IoFunction {
        OutputStream apply(OutputStream out) throws IOException;
    }

    @Test
    void everyCompressionIsUnpackedAndWhiteoutNamesAreOrdinaryFiles() throws Exception {
        byte[] plain = tar("Dockerfile", "FROM scratch\n", "dir/.wh.keep", "kept", "dir/.wh..wh..opq", "also kept",
                "link", "->dir/.wh.keep");
        byte[][] forms = {plain, compress(plain, unchecked(GZIPOutputStream::new)),
            compress(plain, unchecked(BZip2CompressorOutputStream::new)),
            compress(plain, unchecked(XZCompressorOutputStream::new)),
            compress(plain, unchecked(ZstdCompressorOutputStream::new))};
        int n = 0;
        for (byte[] form : forms) {
            assertThat(ContextArchive.isArchive(Arrays.copyOf(form, Math.min(form.length, 512)))).isTrue();
            Path dir = Files.createDirectory(tmp.resolve("ctx" + n++));
            ContextArchive.extract(new ByteArrayInputStream(form), dir, 1 << 20);
            assertThat(Files.readString(dir.resolve("Dockerfile"))).isEqualTo("FROM scratch\n");
            assertThat(Files.readString(dir.resolve("dir/.wh.keep"))).isEqualTo("kept");
            assertThat(Files.readString(dir.resolve("dir/.wh..wh..opq"))).isEqualTo("also kept");
            assertThat(Files.readSymbolicLink(dir.resolve("link"))).hasToString("dir/.wh.keep");
        }
    }

    @Test
    void textIsNotAnArchive() throws Exception {
        assertThat(ContextArchive.isArchive("FROM scratch\nCOPY . /\n".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(ContextArchive.isArchive(new byte[512])).isFalse();
        // An old v7 tar has no ustar magic: its header checksum tells it apart.
        byte[] v7 = Arrays.copyOf(tar("a", "b"), 512);
        Arrays.fill(v7, 257, 265, (byte) 0);
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (v7[i] & 0xff);
        }
        byte[] field = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(field, 0, v7, 148, 8);
        assertThat(ContextArchive.isArchive(v7)).isTrue();
        v7[0] ^= 1;
        assertThat(ContextArchive.isArchive(v7)).isFalse();
        assertThatThrownBy(() -> ContextArchive.extract(new ByteArrayInputStream("FROM x\n".getBytes(StandardCharsets.UTF_8)),
                tmp, 1 << 20)).hasMessageContaining("not a tar archive");
    }

    @Test
    void entriesCannotReachOutsideTheDirectory() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("ctx"));
        assertThatThrownBy(() -> ContextArchive.extract(new ByteArrayInputStream(tar("../escaped", "x")), dir, 1 << 20))
                .isInstanceOf(IOException.class).hasMessageContaining("../escaped");
        assertThat(tmp.resolve("escaped")).doesNotExist();
        // Through a symlink that points out: the write lands inside, or is refused; never outside.
        Path dir2 = Files.createDirectory(tmp.resolve("ctx2"));
        Path outside = Files.createDirectory(tmp.resolve("outside"));
        try {
            ContextArchive.extract(new ByteArrayInputStream(tar("up", "->" + outside, "up/owned", "x")), dir2, 1 << 20);
        } catch (IOException refused) {
            // refusing is as good as keeping it inside
        }
        assertThat(outside.resolve("owned")).doesNotExist();
    }

    @Test
    void aBombStopsAtTheLimit() throws Exception {
        byte[] big = tar("zeros", "0".repeat(1 << 16));
        Path dir = Files.createDirectory(tmp.resolve("ctx"));
        assertThatThrownBy(() -> ContextArchive.extract(new ByteArrayInputStream(
                compress(big, unchecked(GZIPOutputStream::new))), dir, 4096)).isInstanceOf(IOException.class);
    }
}
