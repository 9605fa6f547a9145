package io.jbuild.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jbuild.core.layer.Compression;
import io.jbuild.core.layer.LayerApplier;
import io.jbuild.core.layer.LayerBlob;
import io.jbuild.core.layer.LayerEntry;
import io.jbuild.core.layer.LayerWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpperDirDiffTest {

    @TempDir
    Path tmp;

    private SnapshotStore store;
    private TestTar.Layer base;

    @BeforeEach
    void baseLayer() throws IOException {
        assumeTrue(Root.isRoot(), "mounts overlayfs: needs root");
        store = new SnapshotStore(tmp.resolve("snapshots"));
        base = new TestTar()
                .file("a", "a")
                .dir("d").file("d/x", "x").file("d/y", "y")
                .dir("keep").file("keep/k", "k")
                .dir("etc").file("etc/passwd", "root:x:0:0::/root:/bin/sh\n")
                .build();
        store.unpack(base.diffId(), base.open());
    }

    @Test
    void createdModifiedAndDeletedFilesBecomeEntriesWhiteoutsAndOpaqueDirectories() throws IOException {
        Map<String, String> mergedBefore;
        List<LayerEntry> entries;
        List<Path> lowers = store.lowerDirs(List.of(base.diffId()));
        try (OverlayMount m = OverlayMount.writable(lowers, tmp.resolve("run"))) {
            sh(m.merged(), "echo more >> a && rm d/x && rm -rf keep && mkdir keep && echo new > keep/new"
                    + " && echo n > n && ln n n2 && chown 1000:1001 n && chmod 4755 n"
                    + " && touch short-lived && rm short-lived && mkdir -p newdir/sub && echo f > newdir/sub/file"
                    + " && ln -s a sym");
            userXattr(m.merged().resolve("n"), "origin.note", "kept");
            mergedBefore = tree(m.merged());
            m.close();
            entries = list(new UpperDirDiff(m.upper(), m.lowers(), Set.of()));
        }

        assertThat(entries).extracting(LayerEntry::path).containsExactly(
                "a", "d", "d/.wh.x", "keep", "keep/.wh..wh..opq", "keep/new", "n", "n2",
                "newdir", "newdir/sub", "newdir/sub/file", "sym");
        LayerEntry n = entry(entries, "n");
        assertThat(n.type()).isEqualTo(LayerEntry.Type.FILE);
        assertThat(n.mode()).isEqualTo(04755);
        assertThat(n.uid()).isEqualTo(1000);
        assertThat(n.gid()).isEqualTo(1001);
        // BuildKit's change writer keeps security.capability only; a user.* attribute set in a RUN is dropped.
        assertThat(n.xattrs()).isEmpty();
        assertThat(entry(entries, "n2").type()).isEqualTo(LayerEntry.Type.HARDLINK);
        assertThat(entry(entries, "n2").linkTarget()).isEqualTo("n");
        assertThat(entry(entries, "sym").linkTarget()).isEqualTo("a");
        assertThat(entry(entries, "keep").type()).isEqualTo(LayerEntry.Type.DIRECTORY);
        // Copy-up bookkeeping (user.overlay.origin on "a", impure on "d") never reaches a layer.
        assertThat(entries).allSatisfy(e -> assertThat(e.xattrs().keySet()).noneMatch(k -> k.contains("overlay")));

        // The base plus the diff, applied like any image, is exactly what the container saw.
        Path image = Files.createDirectories(tmp.resolve("image"));
        LayerApplier applier = new LayerApplier(1L << 30);
        applier.apply(base.open(), image);
        LayerBlob diff = new LayerWriter(Compression.NONE, null, 1).write(entries.iterator(), tmp.resolve("blobs"));
        try (InputStream in = Files.newInputStream(diff.file())) {
            assertThat(applier.apply(in, image)).isEqualTo(diff.diffId());
        }
        assertThat(tree(image)).isEqualTo(mergedBefore);
    }

    @Test
    void everyChangeComesWithItsParentsAsTheContainerLeftThem() throws IOException {
        TestTar.Layer owned = new TestTar().dir("srv", 0755).dir("srv/shared", 02775).file("srv/shared/old", "o")
                .dir("srv/untouched", 0700).build();
        store.unpack(owned.diffId(), owned.open());
        List<Path> lowers = store.lowerDirs(List.of(base.diffId(), owned.diffId()));
        List<LayerEntry> entries;
        try (OverlayMount m = OverlayMount.writable(lowers, tmp.resolve("run"))) {
            sh(m.merged(), "chown 1000:1000 srv/shared && touch srv/shared/new && ls srv/untouched && cat etc/passwd");
            m.close();
            entries = list(new UpperDirDiff(m.upper(), m.lowers(), Set.of()));
        }
        // srv was only copied up, yet comes as the parent of the change; srv/untouched (only read) does not.
        assertThat(entries).extracting(LayerEntry::path).containsExactly("srv", "srv/shared", "srv/shared/new");
        LayerEntry shared = entry(entries, "srv/shared");
        assertThat(shared.mode()).isEqualTo(02775);
        assertThat(shared.uid()).isEqualTo(1000);

        // A snapshot of that layer alone, over the lowers, shows the parent as the container left it.
        LayerBlob diff = new LayerWriter(Compression.NONE, null, 1).write(entries.iterator(), tmp.resolve("blobs"));
        try (InputStream in = Files.newInputStream(diff.file())) {
            store.unpack(diff.diffId(), in);
        }
        List<Path> stacked = store.lowerDirs(List.of(base.diffId(), owned.diffId(), diff.diffId()));
        try (OverlayMount view = OverlayMount.readOnly(stacked, tmp.resolve("view"))) {
            Map<String, Object> a = Files.readAttributes(view.merged().resolve("srv/shared"), "unix:mode,uid",
                    LinkOption.NOFOLLOW_LINKS);
            assertThat((Integer) a.get("mode") & 07777).isEqualTo(02775);
            assertThat(a.get("uid")).isEqualTo(1000);
        }
    }

    @Test
    void aHardLinkToALowerFileKeepsBothNamesOneInode() throws IOException {
        // RUN ln d/x d/hard: overlayfs copies d/x up to link it, so the upper directory holds one inode under both
        // names, as the step saw it. The copied-up d/x is unchanged otherwise, yet must come as part of the group.
        List<Path> lowers = store.lowerDirs(List.of(base.diffId()));
        List<LayerEntry> entries;
        try (OverlayMount m = OverlayMount.writable(lowers, tmp.resolve("run"))) {
            sh(m.merged(), "ln d/x d/hard && cat d/y > /dev/null");
            m.close();
            entries = list(new UpperDirDiff(m.upper(), m.lowers(), Set.of()));
        }
        assertThat(entries).extracting(LayerEntry::path).containsExactly("d", "d/hard", "d/x");
        assertThat(entry(entries, "d/hard").type()).isEqualTo(LayerEntry.Type.FILE);
        assertThat(entry(entries, "d/x").type()).isEqualTo(LayerEntry.Type.HARDLINK);
        assertThat(entry(entries, "d/x").linkTarget()).isEqualTo("d/hard");

        // Applied over the base, the two names are one file again.
        LayerBlob diff = new LayerWriter(Compression.NONE, null, 1).write(entries.iterator(), tmp.resolve("blobs"));
        try (InputStream in = Files.newInputStream(diff.file())) {
            store.unpack(diff.diffId(), in);
        }
        try (OverlayMount view = OverlayMount.readOnly(store.lowerDirs(List.of(base.diffId(), diff.diffId())),
                tmp.resolve("view"))) {
            assertThat(Files.isSameFile(view.merged().resolve("d/x"), view.merged().resolve("d/hard"))).isTrue();
            assertThat(Files.readString(view.merged().resolve("d/hard"))).isEqualTo("x");
        }
    }

    @Test
    void theOpaqueMarkerIsReadableFromJavaAsUserOverlayOpaque() throws IOException {
        List<Path> lowers = store.lowerDirs(List.of(base.diffId()));
        try (OverlayMount m = OverlayMount.writable(lowers, tmp.resolve("run"))) {
            sh(m.merged(), "rm -rf keep && mkdir keep");
            m.close();
            var view = Files.getFileAttributeView(m.upper().resolve("keep"), UserDefinedFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            assertThat(view.list()).contains("overlay.opaque");
            ByteBuffer value = ByteBuffer.allocate(view.size("overlay.opaque"));
            view.read("overlay.opaque", value);
            assertThat(new String(value.array(), StandardCharsets.US_ASCII)).isEqualTo("y");
            assertThat(Inode.isOpaque(m.upper().resolve("keep"))).isTrue();
        }
    }

    @Test
    void mountStubsAreLeftOutUnlessSomethingElseLandsBelowThem() throws IOException {
        List<Path> lowers = store.lowerDirs(List.of(base.diffId()));
        List<LayerEntry> entries;
        try (OverlayMount m = OverlayMount.writable(lowers, tmp.resolve("run"))) {
            // What the runtime makes for bind mounts (empty files, directories), and a real file next to them.
            sh(m.merged(), "touch etc/hosts etc/resolv.conf && mkdir -p run/secrets cache/m2 && touch run/secrets/s"
                    + " && mkdir run/kept && echo k > run/kept/file");
            m.close();
            Set<String> stubs = Set.of("etc/hosts", "etc/resolv.conf", "run", "run/secrets", "run/secrets/s",
                    "cache", "cache/m2");
            entries = list(new UpperDirDiff(m.upper(), m.lowers(), stubs));
        }
        assertThat(entries).extracting(LayerEntry::path).containsExactly("run", "run/kept", "run/kept/file");
    }

    @Test
    void whiteoutsCountOnlyForNamesTheLowersShow() throws IOException {
        // An upper directory made by hand: whiteouts for a lower file, for a name no lower has, and one below an
        // opaque directory (which hides the lower's keep/k already).
        Path upper = Files.createDirectories(tmp.resolve("upper"));
        Files.createDirectories(upper.resolve("keep"));
        Files.getFileAttributeView(upper.resolve("keep"), UserDefinedFileAttributeView.class)
                .write("overlay.opaque", ByteBuffer.wrap(new byte[] {'y'}));
        for (String name : List.of("a", "ghost", "keep/k")) {
            HostCommand.check(List.of("mknod", upper.resolve(name).toString(), "c", "0", "0"), null, "mknod");
        }
        List<LayerEntry> entries = list(new UpperDirDiff(upper, store.lowerDirs(List.of(base.diffId())), Set.of()));
        assertThat(entries).extracting(LayerEntry::path).containsExactly(".wh.a", "keep", "keep/.wh..wh..opq");
    }

    @Test
    void aLargeTreeIsStreamed() throws IOException {
        Path upper = Files.createDirectories(tmp.resolve("upper"));
        for (int d = 0; d < 10; d++) {
            Path dir = Files.createDirectories(upper.resolve("d" + d));
            for (int f = 0; f < 200; f++) {
                Files.writeString(dir.resolve("f" + f), "x");
            }
        }
        UpperDirDiff diff = new UpperDirDiff(upper, List.of(), Set.of());
        // The first entries come before the walk has seen most of the tree.
        assertThat(diff.next().path()).isEqualTo("d0");
        assertThat(diff.next().path()).isEqualTo("d0/f0");
        int count = 2;
        String previous = "d0/f0";
        while (diff.hasNext()) {
            String path = diff.next().path();
            assertThat(path.replace('/', '\0')).isGreaterThan(previous.replace('/', '\0'));
            previous = path;
            count++;
        }
        assertThat(count).isEqualTo(10 * 201);
    }

    private static void sh(Path dir, String script) throws IOException {
        HostCommand.check(List.of("sh", "-c", script), dir, "test setup");
    }

    private static void userXattr(Path file, String name, String value) throws IOException {
        Files.getFileAttributeView(file, UserDefinedFileAttributeView.class)
                .write(name, ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<LayerEntry> list(UpperDirDiff diff) {
        List<LayerEntry> out = new ArrayList<>();
        diff.forEachRemaining(out::add);
        return out;
    }

    private static LayerEntry entry(List<LayerEntry> entries, String path) {
        return entries.stream().filter(e -> e.path().equals(path)).findFirst().orElseThrow();
    }

    /** Every path below {@code root} with its type, mode, owner and content or link target. */
    static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (p.equals(root)) {
                    continue;
                }
                Inode i = Inode.of(p).orElseThrow();
                String what = Integer.toOctalString(i.mode()) + " " + i.uid() + ":" + i.gid();
                if (i.isRegular()) {
                    what += " " + Files.readString(p);
                } else if (i.isSymlink()) {
                    what += " -> " + Files.readSymbolicLink(p);
                }
                out.put(root.relativize(p).toString(), what);
            }
        }
        return out;
    }
}
