package io.jbuild.core.context;

import static io.jbuild.core.context.Trees.file;
import static io.jbuild.core.context.Trees.symlink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextHasherTest {

    @TempDir(factory = TmpfsTempDir.class)
    Path ctx;

    @TempDir(factory = TmpfsTempDir.class)
    Path cacheDir;

    private final AtomicInteger reads = new AtomicInteger();
    private final List<String> readPaths = new CopyOnWriteArrayList<>();

    /** Counts every content read: the proof that the cache avoids them. */
    private BuildContext context() throws IOException {
        return BuildContext.builder(ctx).contentOpener(entry -> {
            reads.incrementAndGet();
            readPaths.add(entry.path().toString());
            return ContentOpener.FILES.open(entry);
        }).open();
    }

    private String hashOf(String... sources) throws IOException {
        return hash(ContextHasher.withoutCache(), sources).digest();
    }

    private ContextHasher.Result hash(ContextHasher hasher, String... sources) throws IOException {
        BuildContext context = context();
        List<SourceMatch> matches = new ArrayList<>();
        for (String s : sources) {
            matches.addAll(context.resolveSource(s));
        }
        return hasher.hash(context, matches);
    }

    /** Makes the files' timestamps old enough to be trusted by the cache (see HashCache.RACY_NANOS). */
    private static void settle() throws InterruptedException {
        Thread.sleep(HashCache.RACY_NANOS / 1_000_000 + 100);
    }

    @Test
    void digestCoversContentAndLayerMetadataButNotMtime() throws IOException {
        Path f = file(ctx, "app/run.sh", "echo hi\n");
        file(ctx, "app/data.txt", "data");
        String base = hashOf("app");
        assertThat(base).matches("sha256:[0-9a-f]{64}");
        assertThat(hashOf("app")).isEqualTo(base);

        Files.setLastModifiedTime(f, FileTime.fromMillis(1_000_000));
        assertThat(hashOf("app")).as("mtime is not part of a COPY's key").isEqualTo(base);
        String withMtime = ContextHasher.withoutCache().withOptions(new ContextHasher.Options(true))
                .hash(context(), context().resolveSource("app")).digest();
        assertThat(withMtime).isNotEqualTo(base);

        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        String executable = hashOf("app");
        assertThat(executable).as("mode").isNotEqualTo(base);

        Files.writeString(f, "echo ho\n");
        String edited = hashOf("app");
        assertThat(edited).as("content").isNotEqualTo(executable);

        Files.move(ctx.resolve("app/data.txt"), ctx.resolve("app/data2.txt"));
        assertThat(hashOf("app")).as("path").isNotEqualTo(edited);
    }

    @Test
    void digestCoversLinksAndSelection() throws IOException {
        file(ctx, "a", "same");
        file(ctx, "b", "same");
        Path link = symlink(ctx, "l", "a");
        String ab = hashOf("a", "b");
        assertThat(hashOf("b", "a")).as("order of sources").isNotEqualTo(ab);
        assertThat(hashOf("a")).isNotEqualTo(ab);
        // A source that is a link copies its target's content, under the link's name.
        assertThat(hashOf("l")).isNotEqualTo(hashOf("a"));
        String dot = hashOf(".");
        Files.delete(link);
        symlink(ctx, "l", "b");
        assertThat(hashOf(".")).as("link target inside a copied directory").isNotEqualTo(dot);
    }

    @Test
    void hardLinksAreDistinguishedFromCopies() throws IOException {
        Path a = file(ctx, "d/a", "content");
        Path b = file(ctx, "d/b", "content");
        String copies = hashOf("d");
        Files.delete(b);
        Files.createLink(b, a);
        assertThat(hashOf("d")).isNotEqualTo(copies);
    }

    @Test
    void ownershipCountsOnlyWhenKept() throws IOException {
        Assumptions.assumeTrue(Trees.isRoot(), "chown needs root");
        Path f = file(ctx, "f", "x");
        String before = hashOf("f");
        Files.setAttribute(f, "unix:uid", 4321);
        assertThat(hashOf("f")).as("BuildKit sends 0:0").isEqualTo(before);
        BuildContext kept = BuildContext.builder(ctx).keepHostOwnership(true).open();
        assertThat(ContextHasher.withoutCache().hash(kept, kept.resolveSource("f")).digest()).isNotEqualTo(before);
    }

    @Test
    void unchangedContextIsNotReadAgainAndChangesAre() throws Exception {
        for (int d = 0; d < 20; d++) {
            for (int i = 0; i < 100; i++) {
                file(ctx, "src/d" + d + "/f" + i + ".txt", "file " + d + "/" + i);
            }
        }
        settle();
        ContextHasher.Result first = hash(ContextHasher.withCache(cacheDir), ".");
        assertThat(first.filesRead()).isEqualTo(2000);
        assertThat(reads.get()).isEqualTo(2000);
        // A new hasher (a new process) finds the cache file.
        reads.set(0);
        ContextHasher.Result second = hash(ContextHasher.withCache(cacheDir), ".");
        assertThat(reads.get()).as("no file read for an unchanged context").isZero();
        assertThat(second.cacheHits()).isEqualTo(2000);
        assertThat(second.digest()).isEqualTo(first.digest());
        assertThat(second.digest()).isEqualTo(hashOf("."));
        // Same size, new content, new mtime: re-read, and only that file.
        Path changed = ctx.resolve("src/d7/f42.txt");
        FileTime oldTime = Files.getLastModifiedTime(changed);
        Files.writeString(changed, "FILE 7/42");
        Files.setLastModifiedTime(changed, FileTime.fromMillis(oldTime.toMillis() + 5_000));
        reads.set(0);
        readPaths.clear();
        ContextHasher.Result third = hash(ContextHasher.withCache(cacheDir), ".");
        assertThat(readPaths).containsExactly("src/d7/f42.txt");
        assertThat(third.digest()).isNotEqualTo(first.digest());

        // Content changed and the mtime set back (cp -p, touch -d): the ctime still tells.
        Path sneaky = ctx.resolve("src/d3/f3.txt");
        FileTime sneakyTime = Files.getLastModifiedTime(sneaky);
        Files.writeString(sneaky, "FILE 3/3");
        Files.setLastModifiedTime(sneaky, sneakyTime);
        readPaths.clear();
        ContextHasher.Result fourth = hash(ContextHasher.withCache(cacheDir), ".");
        // The sneaky file; f42 too if its new stamp was still too recent to be kept by the third hash.
        assertThat(readPaths).contains("src/d3/f3.txt").isSubsetOf("src/d3/f3.txt", "src/d7/f42.txt");
        assertThat(fourth.digest()).isNotEqualTo(third.digest());
        try (Stream<Path> files = Files.list(cacheDir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("one cache file, no temporary left").singleElement().asString().endsWith(".hashes");
        }
    }

    @Test
    void freshlyWrittenFilesAreNotTrustedFromTheCache() throws IOException {
        Path f = file(ctx, "new.txt", "just written");
        // Timestamps not yet in the past (as right after a write): a same-tick rewrite could not be told apart.
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(3600)));
        hash(ContextHasher.withCache(cacheDir), "new.txt");
        reads.set(0);
        hash(ContextHasher.withCache(cacheDir), "new.txt");
        assertThat(reads.get()).isEqualTo(1);
    }

    @Test
    void damagedCacheFileIsIgnoredAndRewritten() throws Exception {
        for (int i = 0; i < 50; i++) {
            file(ctx, "f" + i, "content " + i);
        }
        settle();
        String digest = hash(ContextHasher.withCache(cacheDir), ".").digest();
        Path cacheFile;
        try (Stream<Path> files = Files.list(cacheDir)) {
            cacheFile = files.findFirst().orElseThrow();
        }
        byte[] good = Files.readAllBytes(cacheFile);
        List<byte[]> damaged = List.of(
                "garbage".getBytes(StandardCharsets.UTF_8),
                Arrays.copyOf(good, good.length / 2),
                flipped(good, good.length / 2),
                new byte[0]);
        for (byte[] bad : damaged) {
            Files.write(cacheFile, bad);
            List<String> warnings = new ArrayList<>();
            reads.set(0);
            ContextHasher.Result r = hash(ContextHasher.withCache(cacheDir, warnings::add), ".");
            assertThat(r.digest()).isEqualTo(digest);
            assertThat(reads.get()).isEqualTo(50);
            if (bad.length > 0) {
                assertThat(warnings).singleElement().asString().contains("damaged context hash cache");
            }
            reads.set(0);
            hash(ContextHasher.withCache(cacheDir), ".");
            assertThat(reads.get()).as("rewritten whole").isZero();
        }
    }

    private static byte[] flipped(byte[] data, int at) {
        byte[] copy = data.clone();
        copy[at] ^= 0x10;
        return copy;
    }

    @Test
    void unreadableFileIsAClearError() throws IOException {
        file(ctx, "secret.txt", "s");
        BuildContext failing = BuildContext.builder(ctx).contentOpener(entry -> {
            throw new AccessDeniedException(entry.file().toString());
        }).open();
        assertThatThrownBy(() -> ContextHasher.withoutCache().hash(failing, ContextPath.of("secret.txt")))
                .isInstanceOf(ContextException.class)
                .hasMessage("cannot read secret.txt in build context " + ctx.toRealPath() + ": permission denied");
    }

    @Test
    void unreadableFileOnDisk() throws IOException {
        Assumptions.assumeFalse(Trees.isRoot(), "root reads files whatever their mode");
        Path f = file(ctx, "secret.txt", "s");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
        assertThatThrownBy(() -> ContextHasher.withoutCache().hash(context(), ContextPath.of("secret.txt")))
                .isInstanceOf(ContextException.class).hasMessageContaining("secret.txt")
                .hasMessageContaining("permission denied");
    }

    @Test
    void contentIsStreamed() throws IOException {
        // 64 MiB through a stream that refuses big reads: the hasher never asks for the whole file at once.
        Path big = ctx.resolve("big.bin");
        try (var out = Files.newOutputStream(big)) {
            byte[] chunk = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                out.write(chunk);
            }
        }
        BuildContext context = BuildContext.builder(ctx).contentOpener(entry -> new InputStream() {
            final InputStream in = Files.newInputStream(entry.file());

            @Override
            public int read() throws IOException {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len > (1 << 20)) {
                    throw new AssertionError("read of " + len + " bytes");
                }
                return in.read(b, off, len);
            }

            @Override
            public byte[] readAllBytes() {
                throw new AssertionError("whole file read into memory");
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        }).open();
        ContextHasher.Result r = ContextHasher.withoutCache().hash(context, ContextPath.of("big.bin"));
        assertThat(r.bytesRead()).isEqualTo(64L << 20);
        assertThat(r.filesRead()).isEqualTo(1);
    }

    @Test
    void hashingMissingPathNamesIt() {
        assertThatThrownBy(() -> ContextHasher.withoutCache().hash(context(), ContextPath.of("nope")))
                .isInstanceOf(ContextException.class).hasMessageContaining("nope");
    }
}
