package io.jbuild.differential;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

/**
 * The differential test's own layer applier and tar reader, on layers written here (no docker needed, so this runs
 * in every build): whiteouts and opaque directories hide only lower layers, hard-link groups, replacement rules,
 * implied parents, PAX names and base-256 owners.
 */
class FileTreeTest {

    /** Writes a layer; entries: "d path mode", "f path mode content", "l path target", "h path target". */
    private static ByteArrayInputStream layer(String... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
            for (String spec : entries) {
                String[] f = spec.split(" ", 4);
                TarArchiveEntry e = switch (f[0]) {
                    case "d" -> new TarArchiveEntry(f[1] + "/");
                    case "l" -> new TarArchiveEntry(f[1], TarConstants.LF_SYMLINK);
                    case "h" -> new TarArchiveEntry(f[1], TarConstants.LF_LINK);
                    default -> new TarArchiveEntry(f[1]);
                };
                byte[] content = f[0].equals("f") && f.length > 3 ? f[3].getBytes(StandardCharsets.UTF_8) : new byte[0];
                if (f[0].equals("l") || f[0].equals("h")) {
                    e.setLinkName(f[2]);
                } else {
                    e.setMode(Integer.parseInt(f[2], 8) | (f[0].equals("d") ? 040000 : 0100000));
                    e.setSize(content.length);
                }
                e.setUserId(f[1].contains("big") ? 3_000_000_000L : 0L);
                tar.putArchiveEntry(e);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }

    @Test
    void whiteoutsAndOpaqueDirectoriesHideOnlyLowerLayers() throws IOException {
        FileTree t = new FileTree();
        t.apply(layer("d a 755", "f a/gone 644 x", "d a/sub 755", "f a/sub/deep 644 y", "d o 755", "f o/old 644 z"), "1");
        t.apply(layer("f a/.wh.sub 644", "f a/.wh.gone 644", "f a/gone 600 new", "d o 700", "f o/.wh..wh..opq 644",
                "f o/new 644 n"), "2");
        assertThat(t.nodes().keySet()).containsExactly("/", "/a", "/a/gone", "/o", "/o/new");
        assertThat(t.nodes().get("/a/gone").mode()).isEqualTo(0600);
        assertThat(t.nodes().get("/o").mode()).isEqualTo(0700);
    }

    @Test
    void replacementRulesHardLinksAndImpliedParents() throws IOException {
        FileTree t = new FileTree();
        t.apply(layer("d x 755", "f x/child 644 c", "f one 644 1", "h two one", "f deep/er/file 640 f"), "1");
        assertThat(t.hardLinkGroups()).containsExactly(List.of("/one", "/two"));
        assertThat(t.nodes().get("/deep").implicit()).isTrue();
        t.apply(layer("d x 700", "f one 644 replaced"), "2");
        assertThat(t.nodes()).containsKey("/x/child");
        assertThat(t.hardLinkGroups()).isEmpty(); // a new file breaks the group, as a copy-up does
        t.apply(layer("f x 644 file-over-dir", "l lnk /x"), "3");
        assertThat(t.nodes()).doesNotContainKey("/x/child");
        assertThat(t.nodes().get("/lnk").linkTarget()).isEqualTo("/x");
        t.apply(layer("f lnk/below 644 z"), "4");
        assertThat(t.anomalies()).hasSize(1).allMatch(a -> a.contains("not a directory"));
    }

    @Test
    void paxNamesAndBase256Numbers() throws IOException {
        String longName = "d/" + "n".repeat(150) + "/big-owner.txt";
        FileTree t = new FileTree();
        t.apply(layer("f " + longName + " 4755 data"), "1");
        FileNode n = t.nodes().get("/" + longName);
        assertThat(n.uid()).isEqualTo(3_000_000_000L);
        assertThat(n.mode()).isEqualTo(04755);
        assertThat(n.size()).isEqualTo(4);
    }
}
