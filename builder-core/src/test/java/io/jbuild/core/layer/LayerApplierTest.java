package io.jbuild.core.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LayerApplierTest {

    private static final Instant T = Instant.ofEpochSecond(1_600_000_000L);

    @TempDir
    Path tmp;

    /** A raw tar written entry by entry, so that tests can build archives our writer would refuse. */
    private static final class RawTar {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final TarArchiveOutputStream tar;

        RawTar() {
            tar = new TarArchiveOutputStream(bytes);
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        }

        RawTar file(String name, String content, int mode) throws IOException {
            byte[] b = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
            e.setSize(b.length);
            e.setMode(mode);
            e.setModTime(T.toEpochMilli());
            tar.putArchiveEntry(e);
            tar.write(b);
            tar.closeArchiveEntry();
            return this;
        }

        RawTar dir(String name) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, true);
            e.setMode(0755);
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
            return this;
        }

        RawTar link(String name, String target, byte type) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name, type, true);
            e.setLinkName(target);
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
            return this;
        }

        InputStream gz() throws IOException {
            tar.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(bytes.toByteArray());
            }
            return new ByteArrayInputStream(out.toByteArray());
        }
    }

    private Path rootfs() throws IOException {
        return Files.createDirectories(tmp.resolve("rootfs"));
    }

    @Test
    void layersStackWithWhiteoutsAndOpaqueDirectories() throws IOException {
        Path root = rootfs();
        LayerApplier applier = new LayerApplier(1 << 30);
        applier.apply(new RawTar().dir("etc").file("etc/keep", "k", 0644).file("etc/gone", "g", 0644)
                .dir("var/cache").file("var/cache/old", "o", 0644).gz(), root);
        applier.apply(new RawTar().file("etc/.wh.gone", "", 0).file("var/cache/new", "n", 0644)
                .file("var/cache/.wh..wh..opq", "", 0).file("bin/su", "s", 04755).gz(), root);
        assertThat(root.resolve("etc/keep")).hasContent("k");
        assertThat(root.resolve("etc/gone")).doesNotExist();
        assertThat(root.resolve("var/cache/old")).doesNotExist();
        assertThat(root.resolve("var/cache/new")).hasContent("n");
        assertThat(mode(root.resolve("bin/su"))).isEqualTo("4755");
        assertThat(Files.getLastModifiedTime(root.resolve("etc/keep")).toInstant()).isEqualTo(T);
    }

    @Test
    void hardLinksAndSymlinksAreKept() throws IOException {
        Path root = rootfs();
        new LayerApplier(1 << 30).apply(new RawTar().file("a", "data", 0644)
                .link("b", "a", TarConstants.LF_LINK).link("c", "/a", TarConstants.LF_SYMLINK).gz(), root);
        assertThat(Files.getAttribute(root.resolve("a"), "unix:ino")).isEqualTo(Files.getAttribute(root.resolve("b"), "unix:ino"));
        assertThat(Files.readSymbolicLink(root.resolve("c")).toString()).isEqualTo("/a");
    }

    @Test
    void entriesClimbingOutAreRefused() throws IOException {
        Path root = rootfs();
        assertThatThrownBy(() -> new LayerApplier(1 << 30).apply(new RawTar().file("../evil", "x", 0644).gz(), root))
                .hasMessageContaining("\"../evil\" points outside the image root");
        assertThatThrownBy(() -> new LayerApplier(1 << 30).apply(new RawTar().file("a/../../evil", "x", 0644).gz(), root))
                .hasMessageContaining("points outside");
        assertThat(tmp.resolve("evil")).doesNotExist();
        assertThatThrownBy(() -> new LayerApplier(1 << 30).apply(
                new RawTar().link("h", "../../etc/passwd", TarConstants.LF_LINK).gz(), root))
                .hasMessageContaining("points outside");
        assertThatThrownBy(() -> new LayerApplier(1 << 30).apply(new RawTar().file("../.wh.x", "", 0).gz(), root))
                .hasMessageContaining("points outside");
    }

    @Test
    void writesThroughSymlinksStayInsideTheRoot() throws IOException {
        Path root = rootfs();
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        // The symlink points at the host's directory; followed inside the root it means <root>/<outside>.
        new LayerApplier(1 << 30).apply(new RawTar().link("escape", outside.toString(), TarConstants.LF_SYMLINK)
                .file("escape/planted", "p", 0644)
                .link("up", "../../..", TarConstants.LF_SYMLINK).file("up/also-planted", "p", 0644).gz(), root);
        assertThat(outside.resolve("planted")).doesNotExist();
        assertThat(tmp.resolve("also-planted")).doesNotExist();
        assertThat(root.resolve(outside.toString().substring(1)).resolve("planted")).hasContent("p");
        assertThat(root.resolve("also-planted")).hasContent("p");
        assertThat(Files.isSymbolicLink(root.resolve("escape"))).isTrue();
    }

    /**
     * A directory, then a symlink of the same name pointing out: the directory times set when the layer ends
     * must go to the entries themselves, never through the link to the host's directories.
     */
    @ParameterizedTest
    @EnumSource(LayerApplier.Form.class)
    void directoryTimesNeverFollowASymlinkThatReplacedTheDirectory(LayerApplier.Form form) throws IOException {
        Path root = rootfs();
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path inner = Files.createDirectories(outside.resolve("inner"));
        Path file = Files.writeString(outside.resolve("file"), "host");
        FileTime old = FileTime.from(Instant.parse("2001-02-03T04:05:06Z"));
        for (Path p : List.of(outside, inner, file)) {
            Files.setLastModifiedTime(p, old);
        }
        new LayerApplier(1 << 30, form).apply(new RawTar()
                .dir("abs").link("abs", outside.toString(), TarConstants.LF_SYMLINK)
                .dir("rel").link("rel", "../outside", TarConstants.LF_SYMLINK)
                .dir("deep/inner").link("deep", outside.toString(), TarConstants.LF_SYMLINK)
                .dir("up/inner").link("up", "../../outside", TarConstants.LF_SYMLINK)
                .dir("f").link("f", outside.resolve("file").toString(), TarConstants.LF_SYMLINK)
                .gz(), root);
        for (Path p : List.of(outside, inner, file)) {
            assertThat(Files.getLastModifiedTime(p)).as(p + " after a " + form + " layer").isEqualTo(old);
        }
        assertThat(Files.isSymbolicLink(root.resolve("abs"))).isTrue();
        assertThat(Files.isSymbolicLink(root.resolve("up"))).isTrue();
    }

    @Test
    void absoluteEntryNamesLandInsideTheRoot() throws IOException {
        Path root = rootfs();
        new LayerApplier(1 << 30).apply(new RawTar().file("/etc/abs", "a", 0644).gz(), root);
        assertThat(root.resolve("etc/abs")).hasContent("a");
    }

    @Test
    void decompressionBombStopsAtTheLimit() throws IOException {
        Path root = rootfs();
        StringBuilder big = new StringBuilder();
        big.append("0".repeat(1 << 20));
        RawTar tar = new RawTar();
        for (int i = 0; i < 8; i++) {
            tar.file("zero" + i, big.toString(), 0644);
        }
        assertThatThrownBy(() -> new LayerApplier(4L << 20).apply(tar.gz(), root))
                .hasMessageContaining("larger than the limit");
    }

    @Test
    void sparseEntriesAreWrittenWithHolesAndCountAgainstTheLimit() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("sparse"));
        long size = (256L << 20) + 4;
        // GNU tar writes the sparse entries (old GNU and PAX 1.0 forms): a 256 MiB file in a few kilobytes.
        sh(work, "truncate -s 256M big && printf tail >> big && tar --sparse --format=gnu -cf gnu.tar big"
                + " && tar --sparse --format=posix -cf posix.tar big && rm big");
        for (String format : List.of("gnu", "posix")) {
            Path tarFile = work.resolve(format + ".tar");
            assertThat(Files.size(tarFile)).isLessThan(64 << 10);
            Path root = Files.createDirectories(tmp.resolve("root-" + format));
            try (InputStream in = Files.newInputStream(tarFile)) {
                new LayerApplier(1L << 30).apply(in, root);
            }
            Path big = root.resolve("big");
            assertThat(Files.size(big)).isEqualTo(size);
            try (var ch = FileChannel.open(big)) {
                ByteBuffer tail = ByteBuffer.allocate(4);
                ch.read(tail, size - 4);
                assertThat(new String(tail.array(), StandardCharsets.US_ASCII)).isEqualTo("tail");
            }
            assertThat(Long.parseLong(sh(root, "stat -c %b big").strip()) * 512).as("bytes allocated")
                    .isLessThan(1 << 20);
            // The bytes read are few; the bytes the entry expands to are what the limit bounds.
            Path bounded = Files.createDirectories(tmp.resolve("bounded-" + format));
            assertThatThrownBy(() -> {
                try (InputStream in = Files.newInputStream(tarFile)) {
                    new LayerApplier(16L << 20).apply(in, bounded);
                }
            }).hasMessageContaining("larger than the limit of " + (16L << 20) + " uncompressed bytes");
        }
    }

    @Test
    void duplicateEntriesLastOneWins() throws IOException {
        Path root = rootfs();
        new LayerApplier(1 << 30).apply(new RawTar().file("dup", "first", 0644).file("dup", "second", 0600)
                .dir("d").file("d/child", "c", 0644).file("d", "now a file", 0644)
                .link("l", "dup", TarConstants.LF_SYMLINK).file("l", "a file replacing a link", 0644).gz(), root);
        assertThat(root.resolve("dup")).hasContent("second");
        assertThat(mode(root.resolve("dup"))).isEqualTo("600");
        assertThat(root.resolve("d")).isRegularFile().hasContent("now a file");
        assertThat(Files.isSymbolicLink(root.resolve("l"))).isFalse();
        assertThat(root.resolve("l")).hasContent("a file replacing a link");
    }

    private static String sh(Path dir, String script) throws IOException {
        try {
            Process p = new ProcessBuilder("sh", "-c", script).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(script + ": " + out).isZero();
            return out;
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }

    @Test
    void plainTarAndOurOwnLayersApply() throws IOException {
        Path root = rootfs();
        byte[] content = "x".getBytes(StandardCharsets.UTF_8);
        LayerBlob blob = new LayerWriter(Compression.ZSTD, null, 1).write(List.of(
                LayerEntry.directory("d", 0700, 0, 0, T),
                LayerEntry.file("d/f", 0600, 0, 0, 1, T, () -> new ByteArrayInputStream(content))).iterator(), tmp);
        try (InputStream in = Files.newInputStream(blob.file())) {
            new LayerApplier(1 << 30).apply(in, root);
        }
        assertThat(root.resolve("d/f")).hasContent("x");
        assertThat(mode(root.resolve("d"))).isEqualTo("700");
        assertThat(Files.getLastModifiedTime(root.resolve("d"), LinkOption.NOFOLLOW_LINKS).toInstant()).isEqualTo(T);
    }

    private static String mode(Path p) throws IOException {
        Process proc = new ProcessBuilder("stat", "-c", "%a", p.toString()).start();
        return new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }
}
