package io.jbuild.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jbuild.core.fs.ProcessLocks;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {

    @TempDir
    Path tmp;

    @BeforeEach
    void needsRoot() {
        assumeTrue(Root.isRoot(), "snapshots keep owners and device nodes: needs root");
    }

    @Test
    void unpacksInOverlayFormKeepingMetadata() throws IOException {
        TestTar.Layer layer = new TestTar()
                .dir("bin")
                .file("bin/su", "suid", 04755, 0, 0)
                .file("home/user/notes", "mine", 0600, 1000, 1001)
                .link("bin/su-again", "bin/su", TarConstants.LF_LINK)
                .link("bin/sh", "busybox", TarConstants.LF_SYMLINK)
                .device("dev/null", TarConstants.LF_CHR, 1, 3)
                .device("run/fifo", TarConstants.LF_FIFO, 0, 0)
                .file("etc/.wh.passwd", "")
                .dir("var/cache")
                .file("var/cache/.wh..wh..opq", "")
                .file("var/cache/new", "n")
                .build();
        SnapshotStore store = new SnapshotStore(tmp.resolve("snapshots"));

        Path fs = store.unpack(layer.diffId(), layer.open());

        assertThat(fs).isEqualTo(tmp.resolve("snapshots").resolve(layer.diffId().substring(7)).resolve("fs"));
        assertThat(Files.getAttribute(fs.resolve("bin/su"), "unix:mode")).isEqualTo(0100000 | 04755);
        assertThat(Files.getAttribute(fs.resolve("home/user/notes"), "unix:uid")).isEqualTo(1000);
        assertThat(Files.getAttribute(fs.resolve("home/user/notes"), "unix:gid")).isEqualTo(1001);
        assertThat(Files.getAttribute(fs.resolve("bin/su-again"), "unix:ino"))
                .isEqualTo(Files.getAttribute(fs.resolve("bin/su"), "unix:ino"));
        assertThat(Files.readSymbolicLink(fs.resolve("bin/sh"))).hasToString("busybox");
        Inode devNull = Inode.of(fs.resolve("dev/null")).orElseThrow();
        assertThat(devNull.isCharDevice()).isTrue();
        assertThat(devNull.devMajor()).isEqualTo(1);
        assertThat(devNull.devMinor()).isEqualTo(3);
        assertThat(Inode.of(fs.resolve("run/fifo")).orElseThrow().isFifo()).isTrue();
        // The whiteout is an overlay whiteout, not a deletion; the opaque marker an attribute, not a file.
        assertThat(Inode.of(fs.resolve("etc/passwd")).orElseThrow().isWhiteout()).isTrue();
        assertThat(fs.resolve("etc/.wh.passwd")).doesNotExist();
        assertThat(Inode.isOpaque(fs.resolve("var/cache"))).isTrue();
        assertThat(fs.resolve("var/cache/.wh..wh..opq")).doesNotExist();
        assertThat(fs.resolve("var/cache/new")).hasContent("n");
        // No whiteout template or temporary directory is left behind.
        try (var s = Files.list(fs)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "bin", "home", "dev", "run", "etc", "var");
        }
        assertThat(listing(store.dir().resolve("tmp"))).isEmpty();
    }

    @Test
    void manyWhiteoutsShareOneInodeAndStayFast() throws IOException {
        TestTar tar = new TestTar();
        for (int i = 0; i < 2000; i++) {
            tar.file("gone/.wh.f" + i, "");
        }
        TestTar.Layer layer = tar.build();
        long start = System.nanoTime();
        Path fs = new SnapshotStore(tmp.resolve("s")).unpack(layer.diffId(), layer.open());
        long millis = (System.nanoTime() - start) / 1_000_000;
        Inode first = Inode.of(fs.resolve("gone/f0")).orElseThrow();
        assertThat(first.isWhiteout()).isTrue();
        assertThat(Inode.of(fs.resolve("gone/f1999")).orElseThrow().ino()).isEqualTo(first.ino());
        assertThat(millis).as("2000 whiteouts, one mknod").isLessThan(5000);
    }

    @Test
    void refusesAMismatchedDiffIdLeavingNothing() throws IOException {
        TestTar.Layer layer = new TestTar().file("a", "a").build();
        TestTar.Layer other = new TestTar().file("b", "b").build();
        SnapshotStore store = new SnapshotStore(tmp.resolve("s"));

        assertThatThrownBy(() -> store.unpack(other.diffId(), layer.open()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("does not match its diff ID")
                .hasMessageContaining(other.diffId())
                .hasMessageContaining(layer.diffId());
        assertThat(store.find(other.diffId())).isEmpty();
        assertThat(listing(store.dir())).containsOnly("tmp", "locks");
        assertThat(listing(store.dir().resolve("tmp"))).isEmpty();
    }

    @Test
    void refusesPathEscapesLeavingNothing() throws IOException {
        TestTar.Layer layer = new TestTar().file("ok", "fine").file("../../escaped", "evil").build();
        SnapshotStore store = new SnapshotStore(tmp.resolve("s"));

        assertThatThrownBy(() -> store.unpack(layer.diffId(), layer.open()))
                .hasMessageContaining("points outside the image root");
        assertThat(tmp.resolve("escaped")).doesNotExist();
        assertThat(tmp.getParent().resolve("escaped")).doesNotExist();
        assertThat(store.find(layer.diffId())).isEmpty();
        assertThat(listing(store.dir().resolve("tmp"))).isEmpty();
    }

    @Test
    void aSnapshotIsReusedWithoutReadingTheBlob() throws IOException {
        TestTar.Layer layer = new TestTar().file("a", "a").build();
        SnapshotStore store = new SnapshotStore(tmp.resolve("s"));
        Path first = store.unpack(layer.diffId(), layer.open());

        InputStream unreadable = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("must not be read");
            }
        };
        assertThat(new SnapshotStore(tmp.resolve("s")).unpack(layer.diffId(), unreadable)).isEqualTo(first);
    }

    @Test
    void concurrentBuildsUnpackALayerOnce() throws Exception {
        TestTar tar = new TestTar();
        for (int i = 0; i < 300; i++) {
            tar.file("d/f" + i, "content " + i);
        }
        TestTar.Layer layer = tar.build();
        // Two stores on one directory stand for two processes; threads of each race for the same layer.
        SnapshotStore a = new SnapshotStore(tmp.resolve("s"));
        SnapshotStore b = new SnapshotStore(tmp.resolve("s"));
        AtomicInteger readsToEnd = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                SnapshotStore store = i % 2 == 0 ? a : b;
                Callable<Path> task = () -> {
                    start.await();
                    return store.unpack(layer.diffId(), new FilterInputStream(layer.open()) {
                        private boolean ended;

                        @Override
                        public int read(byte[] buf, int off, int len) throws IOException {
                            int n = super.read(buf, off, len);
                            if (n < 0 && !ended) {
                                ended = true;
                                readsToEnd.incrementAndGet();
                            }
                            return n;
                        }
                    });
                };
                results.add(pool.submit(task));
            }
            start.countDown();
            for (Future<Path> f : results) {
                assertThat(f.get()).isEqualTo(a.find(layer.diffId()).orElseThrow());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(readsToEnd.get()).as("unpacked once").isEqualTo(1);
        assertThat(listing(a.dir().resolve("tmp"))).isEmpty();
    }

    @Test
    void pruneDeletesUnneededSnapshotsButSparesKeptAndMountedOnes() throws IOException {
        SnapshotStore store = new SnapshotStore(tmp.resolve("s"));
        TestTar.Layer kept = new TestTar().file("kept", "k").build();
        TestTar.Layer mounted = new TestTar().file("mounted", "m").build();
        TestTar.Layer unneeded = new TestTar().file("unneeded", "u").build();
        store.unpack(kept.diffId(), kept.open());
        Path mountedFs = store.unpack(mounted.diffId(), mounted.open());
        Path unneededFs = store.unpack(unneeded.diffId(), unneeded.open());

        try (OverlayMount view = OverlayMount.readOnly(List.of(mountedFs), tmp.resolve("view"))) {
            assertThat(store.prune(Set.of(kept.diffId()))).isEqualTo(1);
            assertThat(view.merged().resolve("mounted")).hasContent("m");
        }
        assertThat(unneededFs).doesNotExist();
        assertThat(store.find(kept.diffId())).isPresent();
        assertThat(store.find(mounted.diffId())).isPresent();
        assertThat(store.prune(Set.of(kept.diffId()))).isEqualTo(1); // unmounted now
        assertThat(store.find(mounted.diffId())).isEmpty();
        try (var left = Files.list(tmp.resolve("s/tmp"))) {
            assertThat(left).as("trash of the deleted snapshots").isEmpty();
        }
        // A pruned layer is unpacked again when a build needs it.
        assertThat(store.unpack(unneeded.diffId(), unneeded.open()).resolve("unneeded")).hasContent("u");
    }

    @Test
    void recoverRemovesStaleTemporaryDirectoriesOnly() throws IOException {
        SnapshotStore store = new SnapshotStore(tmp.resolve("s"));
        Path stale = Files.createDirectories(store.dir().resolve("tmp").resolve("aaaa.1/fs/usr"));
        Path busy = Files.createDirectories(store.dir().resolve("tmp").resolve("bbbb.2/fs"));
        Files.createDirectories(store.dir().resolve("locks"));
        // Someone is unpacking bbbb: its lock is held (here by this process, which recover() must spare too).
        try (ProcessLocks.Held ignored = ProcessLocks.lock(store.dir().resolve("locks/bbbb.lock"))) {
            assertThat(store.recover()).isEqualTo(1);
        }
        assertThat(stale.getParent().getParent()).doesNotExist();
        assertThat(busy).exists();
    }

    @Test
    void overlayReadsTheSnapshotsWhiteoutsAndOpaqueDirectories() throws IOException {
        TestTar.Layer bottom = new TestTar().dir("d").file("d/a", "a").file("x", "x").dir("e").file("e/y", "y").build();
        TestTar.Layer top = new TestTar().file(".wh.x", "").dir("d").file("d/.wh..wh..opq", "").file("d/b", "b")
                .build();
        SnapshotStore store = new SnapshotStore(tmp.resolve("s"));
        store.unpack(bottom.diffId(), bottom.open());
        store.unpack(top.diffId(), top.open());

        try (OverlayMount m = OverlayMount.readOnly(store.lowerDirs(List.of(bottom.diffId(), top.diffId())),
                tmp.resolve("view"))) {
            assertThat(listing(m.merged())).containsExactlyInAnyOrder("d", "e");
            assertThat(listing(m.merged().resolve("d"))).containsExactly("b");
            assertThat(m.merged().resolve("e/y")).hasContent("y");
            // userxattr: overlayfs hides its own attributes from the merged view.
            var view = Files.getFileAttributeView(m.merged().resolve("d"), UserDefinedFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            assertThat(view.list()).doesNotContain("overlay.opaque");
        }
        assertThat(Mounts.under(tmp)).isEmpty();
    }

    @Test
    void directoriesALayerLeftOutKeepTheModeAndOwnerTheyHaveBelow() throws IOException {
        // Tars from other tools need not hold the parents of their entries; the snapshot has to make them up.
        TestTar.Layer bottom = new TestTar().dir("srv", 0700, 1000, 1000).dir("srv/shared", 02775, 0, 1000)
                .file("srv/shared/old", "o").file("srv/gone", "g").build();
        TestTar.Layer top = new TestTar().file("srv/shared/new", "n").file("srv/.wh.gone", "")
                .file("fresh/made/up", "u").build();
        SnapshotStore store = new SnapshotStore(tmp.resolve("s"));
        store.unpack(bottom.diffId(), bottom.open());
        store.unpack(top.diffId(), top.open());
        List<String> ids = List.of(bottom.diffId(), top.diffId());

        List<Path> lowers = store.lowerDirs(ids);
        assertThat(lowers).hasSize(3); // topmost first: the fix-up, the top snapshot, the bottom one
        try (OverlayMount m = OverlayMount.readOnly(lowers, tmp.resolve("view"))) {
            assertThat(stat(m.merged().resolve("srv"))).isEqualTo("700 1000:1000");
            assertThat(stat(m.merged().resolve("srv/shared"))).isEqualTo("2775 0:1000");
            assertThat(listing(m.merged().resolve("srv/shared"))).containsExactlyInAnyOrder("old", "new");
            assertThat(listing(m.merged().resolve("srv"))).containsExactly("shared");
            // A directory no layer below has stays as the tar implied it.
            assertThat(stat(m.merged().resolve("fresh/made"))).isEqualTo("755 0:0");
        }
        // Made once per chain, then reused.
        assertThat(store.lowerDirs(ids)).isEqualTo(lowers);
        assertThat(listing(store.dir().resolve("fixup"))).hasSize(1);
        assertThat(Mounts.under(tmp)).isEmpty();
    }

    private static String stat(Path p) throws IOException {
        var a = Files.readAttributes(p, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
        return Integer.toOctalString((Integer) a.get("mode") & 07777) + " " + a.get("uid") + ":" + a.get("gid");
    }

    @Test
    void twoHundredLowersFitOneMount() throws IOException {
        SnapshotStore store = new SnapshotStore(tmp.resolve("s"));
        List<String> ids = deepStack(store, 200);
        List<Path> lowers = store.lowerDirs(ids);
        assertThat(lowers).hasSize(200);
        assertDeepStackContent(lowers, 200);
    }

    @Test
    void deeperStacksThanAMountTakesAreFlattenedInReusedChunks() throws IOException {
        SnapshotStore store = new SnapshotStore(tmp.resolve("s"), 64, 32, SnapshotStore.DEFAULT_MAX_LAYER_BYTES);
        List<String> ids = deepStack(store, 200);

        List<Path> lowers = store.lowerDirs(ids);
        // 200 - 64 + 1 = 137 layers must go, rounded up to chunks of 32: 160 flattened into one, 40 kept.
        assertThat(lowers).hasSize(41);
        assertThat(lowers.get(40)).startsWith(store.dir().resolve("flat"));
        assertThat(listing(store.dir().resolve("flat"))).hasSize(5); // 32, 64, 96, 128, 160
        assertDeepStackContent(lowers, 200);

        // One more layer on top reuses the flattened chunks.
        List<String> taller = new ArrayList<>(ids);
        taller.add(new TestTar().file("top", "200").build().diffId());
        store.unpack(taller.get(200), new TestTar().file("top", "200").build().open());
        assertThat(store.lowerDirs(taller)).hasSize(42);
        assertThat(listing(store.dir().resolve("flat"))).hasSize(5);
        assertThat(listing(store.dir().resolve("tmp"))).isEmpty();
    }

    @Test
    void moreLowersThanTheKernelAllowsAreFlattenedByDefault() throws IOException {
        SnapshotStore store = new SnapshotStore(tmp.resolve("s"));
        List<String> ids = deepStack(store, 520);
        List<Path> lowers = store.lowerDirs(ids);
        assertThat(lowers).hasSizeLessThanOrEqualTo(OverlayMount.KERNEL_MAX_LOWERS);
        assertDeepStackContent(lowers, 520);
    }

    /**
     * Layer i adds {@code layer-i} and {@code cleared/ci}, overwrites {@code top} with i; every tenth layer deletes
     * the file of the layer below it, and every fiftieth (from 25) makes {@code cleared} opaque.
     */
    private static List<String> deepStack(SnapshotStore store, int depth) throws IOException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            TestTar tar = new TestTar().file("layer-" + i, "" + i).file("top", "" + i).dir("cleared")
                    .file("cleared/c" + i, "" + i);
            if (i % 10 == 9) {
                tar.file(".wh.layer-" + (i - 1), "");
            }
            if (i % 50 == 25) {
                tar.file("cleared/.wh..wh..opq", "");
            }
            TestTar.Layer layer = tar.build();
            store.unpack(layer.diffId(), layer.open());
            ids.add(layer.diffId());
        }
        return ids;
    }

    private void assertDeepStackContent(List<Path> lowers, int depth) throws IOException {
        try (OverlayMount m = OverlayMount.writable(lowers, tmp.resolve("mnt-" + System.nanoTime()))) {
            assertThat(m.merged().resolve("top")).hasContent("" + (depth - 1));
            for (int i = 0; i < depth; i++) {
                boolean deleted = i % 10 == 8;
                assertThat(Files.exists(m.merged().resolve("layer-" + i))).as("layer-" + i).isEqualTo(!deleted);
            }
            int lastOpaque = (depth - 26) / 50 * 50 + 25;
            List<String> expected = new ArrayList<>();
            for (int i = lastOpaque; i < depth; i++) {
                expected.add("c" + i);
            }
            assertThat(listing(m.merged().resolve("cleared"))).containsExactlyInAnyOrderElementsOf(expected);
            FileTrees.delete(m.dir());
        }
    }

    private static List<String> listing(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}
