package io.jbuild.core.layer;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.core.image.DigestingOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The exact bytes of a layer holding every kind of entry and header LayerWriter makes (PAX long names, non-ASCII
 * names, big owner ids, binary and text attributes, links, devices, whiteouts), pinned by digest: image digests
 * and cache keys depend on them, so any change to how entries are written shows here first.
 */
class LayerBytesTest {

    private static final ExecutorService POOL = Executors.newFixedThreadPool(2);
    private static final Instant T = Instant.ofEpochSecond(1_700_000_000L);

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    private static List<LayerEntry> everyKind() {
        byte[] hello = "hello\n".getBytes(StandardCharsets.UTF_8);
        byte[] cap = {1, 0, 0, 2, (byte) 0x80, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        String longName = "deep/" + "x".repeat(150) + "/file.txt";
        String wide = "gr\u00fc\u00dfe/" + "\u00e9".repeat(70);
        return List.of(
                LayerEntry.directory("app", 0755, 0, 0, T),
                LayerEntry.file("app/hello.txt", 0644, 1000, 1000, hello.length, T, bytes(hello)),
                LayerEntry.hardlink("app/hello-again.txt", "app/hello.txt", 0644, 1000, 1000, T),
                LayerEntry.symlink("app/link", "hello.txt", 0, 0, T),
                LayerEntry.symlink("app/far", "/" + "t".repeat(120), 0, 0, T),
                LayerEntry.file("app/suid", 04755, 0, 0, 0, T, bytes(new byte[0])),
                LayerEntry.file("app/big-ids", 0640, 3_000_000L, 4_000_000L, hello.length, T, bytes(hello)),
                LayerEntry.file(longName, 0600, 0, 0, hello.length, T, bytes(hello)),
                LayerEntry.file(wide, 0644, 0, 0, hello.length, T, bytes(hello)),
                new LayerEntry("app/text-attr", LayerEntry.Type.FILE, 0644, 0, 0, hello.length, T, "", bytes(hello),
                        Map.of("user.note", "caf\u00e9".getBytes(StandardCharsets.UTF_8)), 0, 0),
                new LayerEntry("app/ping", LayerEntry.Type.FILE, 0755, 0, 0, hello.length, T, "", bytes(hello),
                        Map.of("security.capability", cap, "user.a", "b".getBytes(StandardCharsets.UTF_8)), 0, 0),
                new LayerEntry(wide + "-cap", LayerEntry.Type.FILE, 0755, 9_000_000L, 0, hello.length, T, "",
                        bytes(hello), Map.of("security.capability", cap), 0, 0),
                new LayerEntry("dev/null", LayerEntry.Type.CHAR_DEVICE, 0666, 0, 0, 0, T, "", null, Map.of(), 1, 3),
                new LayerEntry("dev/loop0", LayerEntry.Type.BLOCK_DEVICE, 0660, 0, 6, 0, T, "", null, Map.of(), 7, 0),
                new LayerEntry("run/fifo", LayerEntry.Type.FIFO, 0600, 0, 0, 0, T, "", null, Map.of(), 0, 0),
                LayerEntry.whiteout("etc/gone", T),
                LayerEntry.opaque("var/cache", T));
    }

    @Test
    void aLayerOfEveryKindOfEntryKeepsItsBytes() throws Exception {
        String tar = "sha256:9fa729b5884732f3c5f6f468fccabcc1ef6a1c14842386b117c0517a4d73aefb";
        assertThat(digests(Compression.NONE)).containsExactly(tar, tar);
        assertThat(digests(Compression.GZIP)).containsExactly(
                "sha256:a240b3b74df35529344a688e10bb6620c3a0820169dbb758d1c5de80fb9bb0fb", tar);
        assertThat(digests(Compression.ZSTD)).containsExactly(
                "sha256:9e54b19e88acfcb5029ee43b3850cea841452a3c2c22262e45883fbe242374fc", tar);
    }

    private static List<String> digests(Compression compression) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LayerBlob blob = new LayerWriter(compression, POOL, 2).write(everyKind().iterator(),
                new DigestingOutputStream(bytes));
        assertThat(blob.size()).isEqualTo(bytes.size());
        return List.of(blob.digest(), blob.diffId());
    }

    private static LayerEntry.Content bytes(byte[] b) {
        return () -> new ByteArrayInputStream(b);
    }
}
