package io.jbuild.core.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extended attributes through layer tars: binary values byte for byte, other namespaces than user.*, overlay's own never. */
class XattrLayersTest {

    /** A real v2 file capability, cap_net_raw,cap_setuid+ep: byte 0x80 (cap_setuid) is not UTF-8. */
    static final byte[] CAP = HexFormat.of().parseHex("0100000280200000000000000000000000000000");
    private static final Instant T = Instant.ofEpochSecond(1_700_000_000L);

    @TempDir
    Path dir;

    private static LayerEntry withXattrs(LayerEntry e, Map<String, byte[]> x) {
        return new LayerEntry(e.path(), e.type(), e.mode(), e.uid(), e.gid(), e.size(), e.modified(), e.linkTarget(),
                e.content(), x, e.devMajor(), e.devMinor());
    }

    private static LayerEntry.Content bytes(String s) {
        return () -> new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private Path layer() throws IOException {
        String longName = "opt/" + "l".repeat(120) + "/bïn";
        Map<String, byte[]> binUser = new LinkedHashMap<>();
        binUser.put("user.blob", new byte[] {(byte) 0xff, 0, (byte) 0xc3});
        List<LayerEntry> entries = List.of(
                LayerEntry.directory("usr", 0755, 0, 0, T),
                withXattrs(LayerEntry.directory("usr/bin", 0755, 0, 0, T), binUser),
                withXattrs(LayerEntry.file("usr/bin/ping", 04755, 0, 0, 5, T, bytes("ping\n")),
                        Map.of("security.capability", CAP, "user.note", "text".getBytes(StandardCharsets.UTF_8))),
                LayerEntry.hardlink("usr/bin/ping2", "usr/bin/ping", 04755, 0, 0, T),
                LayerEntry.directory("opt", 0755, 0, 0, T),
                LayerEntry.directory(longName.substring(0, longName.lastIndexOf('/')), 0755, 0, 0, T),
                withXattrs(LayerEntry.file(longName, 0755, 3_000_000, 0, 2, T, bytes("x\n")),
                        Map.of("security.capability", CAP)),
                // A hostile layer marking a directory opaque would hide the layers below it in a snapshot.
                withXattrs(LayerEntry.directory("hidden", 0755, 0, 0, T),
                        Map.of("user.overlay.opaque", "y".getBytes(StandardCharsets.US_ASCII))),
                withXattrs(LayerEntry.file("plain", 0644, 0, 0, 2, T, bytes("p\n")),
                        Map.of("user.overlay.opaque", "y".getBytes(StandardCharsets.US_ASCII),
                                "trusted.overlay.redirect", "/etc".getBytes(StandardCharsets.US_ASCII))));
        LayerBlob blob = new LayerWriter(Compression.NONE, null, 1).write(entries.iterator(), dir.resolve("blobs"));
        return blob.file();
    }

    @Test
    void binaryValuesAreWrittenByteForByteAndReadBackWithTheirEntries() throws IOException {
        Path tar = layer();
        // Our reader of raw PAX records, entry by entry, alongside commons-compress.
        Map<String, Map<String, byte[]>> seen = new LinkedHashMap<>();
        try (PaxXattrReader raw = new PaxXattrReader(Files.newInputStream(tar));
             var in = new TarArchiveInputStream(raw)) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                seen.put(e.getName(), raw.xattrs());
                if (e.getName().endsWith("ping")) {
                    assertThat(e.getMode() & 07777).isEqualTo(04755);
                    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("ping\n");
                }
            }
        }
        String longName = "opt/" + "l".repeat(120) + "/bïn";
        assertThat(seen).containsKeys("usr/bin/", "usr/bin/ping", "usr/bin/ping2", longName, "plain");
        assertThat(seen.get("usr/bin/ping").get("security.capability")).isEqualTo(CAP);
        assertThat(seen.get("usr/bin/ping").get("user.note")).isEqualTo("text".getBytes(StandardCharsets.UTF_8));
        assertThat(seen.get("usr/bin/").get("user.blob")).isEqualTo(new byte[] {(byte) 0xff, 0, (byte) 0xc3});
        assertThat(seen.get(longName).get("security.capability")).isEqualTo(CAP);
        assertThat(seen.get("usr/bin/ping2")).isEmpty();
    }

    @Test
    void gnuTarAndTheApplierSetTheCapabilityAndNeverOverlaysOwn() throws Exception {
        assumeTrue(isRoot() && HostXattrs.canRead(), "setting security.* needs root; reading needs getfattr");
        Path tar = layer();
        String longName = "opt/" + "l".repeat(120) + "/bïn";

        // An independent reader: GNU tar with --xattrs.
        Path byTar = Files.createDirectories(dir.resolve("gnu"));
        Process p = new ProcessBuilder("tar", "--xattrs", "--xattrs-include=*", "-xpf", tar.toString(), "-C",
                byTar.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(HostXattrs.readOne(byTar.resolve("usr/bin/ping"), HostXattrs.CAPABILITY)).contains(CAP);
        assertThat(HostXattrs.readOne(byTar.resolve(longName), HostXattrs.CAPABILITY)).contains(CAP);

        for (LayerApplier.Form form : LayerApplier.Form.values()) {
            Path root = Files.createDirectories(dir.resolve("applied-" + form));
            try (InputStream in = Files.newInputStream(tar)) {
                new LayerApplier(1L << 30, form).apply(in, root);
            }
            assertThat(HostXattrs.readOne(root.resolve("usr/bin/ping"), HostXattrs.CAPABILITY)).contains(CAP);
            assertThat(HostXattrs.readOne(root.resolve(longName), HostXattrs.CAPABILITY)).contains(CAP);
            assertThat(HostXattrs.read(root, HostXattrs.CAPABILITY)).containsOnlyKeys("usr/bin/ping", "usr/bin/ping2", longName);
            assertThat(user(root.resolve("usr/bin/ping"), "note")).isEqualTo("text".getBytes(StandardCharsets.UTF_8));
            assertThat(user(root.resolve("usr/bin"), "blob")).isEqualTo(new byte[] {(byte) 0xff, 0, (byte) 0xc3});
            assertThat(Files.readAttributes(root.resolve("usr/bin/ping"), "unix:mode").get("mode"))
                    .isEqualTo(0104755); // setting the capability after the mode did not clear setuid
            var plain = Files.getFileAttributeView(root.resolve("plain"), UserDefinedFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            assertThat(plain.list()).isEmpty();
            assertThat(Files.getFileAttributeView(root.resolve("hidden"), UserDefinedFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).list()).isEmpty();
            assertThat(HostXattrs.readOne(root.resolve("plain"), "trusted.overlay.redirect")).isEmpty();
        }
    }

    @Test
    void attributeDumpsQuoteNamesAsTheAttrToolsDo() {
        String name = "dir/with space\\and\nnewline/é";
        assertThat(HostXattrs.quote(name)).isEqualTo("dir/with\\040space\\134and\\012newline/\\303\\251");
        assertThat(HostXattrs.unquote(HostXattrs.quote(name))).isEqualTo(name);
    }

    private static byte[] user(Path file, String name) throws IOException {
        var view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        ByteBuffer b = ByteBuffer.allocate(view.size(name));
        view.read(name, b);
        return b.array();
    }

    static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
