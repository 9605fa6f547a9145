package io.jbuild.core.context;

import static io.jbuild.core.context.Trees.file;
import static io.jbuild.core.context.Trees.paths;
import static io.jbuild.core.context.Trees.sh;
import static io.jbuild.core.context.Trees.symlink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbuild.grammar.ignore.IgnoreRules;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contexts built to break things: odd names, special files, links out, loops, size. */
class HostileContextTest {

    @TempDir(factory = TmpfsTempDir.class)
    Path ctx;

    @TempDir(factory = TmpfsTempDir.class)
    Path cacheDir;

    @Test
    void nonUtf8AndNewlineNamesKeepTheirBytes() throws Exception {
        // Names Java cannot spell as a String: created by the shell, byte for byte.
        sh(ctx, "printf 'ff' > \"$(printf 'a\\377b')\"; printf 'nl' > \"$(printf 'new\\nline')\"; "
                + "mkdir \"$(printf 'd\\351')\"; printf 'in' > \"$(printf 'd\\351/caf\\303\\251')\"");
        file(ctx, ".dockerignore", "new?line\n");
        BuildContext context = BuildContext.open(ctx, Optional.empty());
        List<ContextEntry> entries = context.list(ContextPath.ROOT);
        List<byte[]> names = entries.stream().map(e -> e.path().bytes()).toList();
        assertThat(names).containsExactly(new byte[0], ".dockerignore".getBytes(StandardCharsets.US_ASCII),
                new byte[] {'a', (byte) 0xFF, 'b'}, new byte[] {'d', (byte) 0xE9},
                new byte[] {'d', (byte) 0xE9, '/', 'c', 'a', 'f', (byte) 0xC3, (byte) 0xA9});
        ContextEntry odd = entries.get(2);
        assertThat(odd.path().toString()).isEqualTo("a\\xffb");
        assertThat(odd.path().utf8()).isEmpty();
        try (InputStream in = context.openContent(odd)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("ff");
        }
        try (InputStream in = context.openContent(entries.get(4))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("in");
        }
        assertThat(entries.get(4).path().utf8()).isEmpty();

        // Without the ignore rule the newline name is there too, and survives hashing with a cache.
        BuildContext all = BuildContext.builder(ctx).ignoreRules(IgnoreRules.NONE).open();
        ContextEntry newline = all.lookup(ContextPath.of("new\nline")).orElseThrow();
        assertThat(newline.path().toString()).isEqualTo("new\\nline");
        ContextHasher hasher = ContextHasher.withCache(cacheDir);
        String first = hasher.hash(all, all.resolveSource(".")).digest();
        assertThat(ContextHasher.withCache(cacheDir).hash(all, all.resolveSource(".")).digest()).isEqualTo(first);
        // Link targets keep their bytes too.
        sh(ctx, "ln -s \"$(printf 'x\\377')\" lnk");
        ContextEntry lnk = BuildContext.open(ctx, Optional.empty()).lookup(ContextPath.of("lnk")).orElseThrow();
        assertThat(lnk.linkTarget().orElseThrow().bytes()).containsExactly('x', 0xFF);
        assertThatThrownBy(() -> all.resolveSource("a\0b")).isInstanceOf(SourceNotFoundException.class);
        // A source can name the non-UTF-8 file through a wildcard.
        assertThat(all.resolveSource("a?b")).singleElement()
                .satisfies(m -> assertThat(m.path().bytes()).containsExactly('a', 0xFF, 'b'));
    }

    @Test
    void socketsAreEmptyFilesFifosAreOtherEntries() throws Exception {
        file(ctx, "a", "");
        Path socket = ctx.resolve("daemon.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            sh(ctx, "mkfifo pipe");
            BuildContext context = BuildContext.builder(ctx).open();
            List<ContextEntry> entries = context.list(ContextPath.ROOT);
            assertThat(paths(entries)).containsExactly("", "a", "daemon.sock", "pipe");
            // A socket is sent as an empty regular file, as BuildKit's client sends it (testCopySocket).
            ContextEntry sock = entries.get(2);
            assertThat(sock.type()).isEqualTo(EntryType.FILE);
            assertThat(sock.isSocket()).isTrue();
            assertThat(sock.size()).isZero();
            try (InputStream in = context.openContent(sock)) {
                assertThat(in.readAllBytes()).isEmpty();
            }
            ContextEntry pipe = entries.get(3);
            assertThat(pipe.type()).isEqualTo(EntryType.OTHER);
            assertThat(pipe.mode() & ContextEntry.TYPE_MASK).isEqualTo(ContextEntry.FIFO);
            // Hashing a FIFO never opens it (it would block).
            String digest = ContextHasher.withoutCache().hash(context, context.resolveSource(".")).digest();
            assertThat(digest).startsWith("sha256:");
            assertThat(context.resolveSource("daemon.sock")).singleElement()
                    .satisfies(m -> assertThat(m.target().isSocket()).isTrue());
            assertThatThrownBy(() -> context.openContent(pipe)).isInstanceOf(ContextException.class)
                    .hasMessageContaining("not a regular file");
        }
    }

    @Test
    void linksOutOfTheContextAreNeverFollowed() throws IOException {
        symlink(ctx, "hostetc", "/etc");
        symlink(ctx, "escape", "../../../../../../etc/passwd");
        symlink(ctx, "abs", "/etc/passwd");
        BuildContext context = BuildContext.open(ctx, Optional.empty());
        // Evaluated as if the context were "/": the context has no etc, so none of these exist.
        for (String source : List.of("hostetc/passwd", "escape", "abs", "hostetc/../hostetc/passwd",
                "./hostetc/hostname")) {
            assertThatThrownBy(() -> context.resolveSource(source)).as(source)
                    .isInstanceOf(SourceNotFoundException.class).hasMessageContaining(source);
        }
        // A walk (COPY . /) carries the links themselves.
        assertThat(context.list(ContextPath.ROOT)).filteredOn(ContextEntry::isSymlink).extracting(e -> e.linkTarget()
                .orElseThrow().toString()).containsExactly("/etc/passwd", "../../../../../../etc/passwd", "/etc");
        String digest = ContextHasher.withoutCache().hash(context, context.resolveSource(".")).digest();
        assertThat(digest).startsWith("sha256:");

        // A link named etc pointing to /etc points to itself once /etc means the context's etc.
        symlink(ctx, "etc", "/etc");
        BuildContext withEtc = BuildContext.open(ctx, Optional.empty());
        for (String source : List.of("etc/passwd", "abs", "escape")) {
            assertThatThrownBy(() -> withEtc.resolveSource(source)).as(source)
                    .isInstanceOf(ContextException.class).hasMessageContaining("too many levels of symbolic links");
        }
    }

    @Test
    void symlinkLoopsDoNotHang() throws IOException {
        symlink(ctx, "self", "self");
        symlink(ctx, "dir/up", "..");
        symlink(ctx, "a", "b");
        symlink(ctx, "b", "a");
        BuildContext context = BuildContext.open(ctx, Optional.empty());
        assertThat(paths(context.list(ContextPath.ROOT))).containsExactly("", "a", "b", "dir", "dir/up", "self");
        assertThat(context.resolveSource("dir/up/dir/up/dir/up/dir")).singleElement()
                .satisfies(m -> assertThat(m.target().path()).isEqualTo(ContextPath.of("dir")));
        assertThatThrownBy(() -> context.resolveSource("a")).isInstanceOf(ContextException.class)
                .hasMessageContaining("too many levels of symbolic links");
        assertThatThrownBy(() -> context.resolveSource("self/x")).isInstanceOf(ContextException.class)
                .hasMessageContaining("too many levels of symbolic links");
    }

    @Test
    void tenThousandFiles() throws IOException {
        for (int d = 0; d < 100; d++) {
            Path dir = Files.createDirectories(ctx.resolve("pkg" + d));
            for (int i = 0; i < 100; i++) {
                Files.write(dir.resolve("f" + i), new byte[] {(byte) i});
            }
        }
        file(ctx, ".dockerignore", "pkg9*\n!pkg99/f9\n");
        BuildContext context = BuildContext.open(ctx, Optional.empty());
        int[] count = {0};
        ContextEntry[] previous = {null};
        context.walk(e -> {
            if (previous[0] != null) {
                assertThat(previous[0].path().compareTo(e.path())).isNegative();
            }
            previous[0] = e;
            count[0]++;
        });
        // root + .dockerignore + 89 dirs × 101 + pkg99 and pkg99/f9 (pkg9, pkg90..pkg99 excluded)
        assertThat(count[0]).isEqualTo(1 + 1 + 89 * 101 + 2);
        assertThat(context.resolveSource("pkg5*/f7")).hasSize(11);
        ContextHasher.Result r = ContextHasher.withoutCache().hash(context, context.resolveSource("."));
        assertThat(r.filesRead()).isEqualTo(89 * 100 + 1 + 1);
    }

    @Test
    void unreadableDirectoryIsAClearErrorUnlessExcluded() throws IOException {
        Assumptions.assumeFalse(Trees.isRoot(), "root reads directories whatever their mode");
        Path locked = Files.createDirectories(ctx.resolve("locked"));
        file(ctx, "locked/x", "");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            BuildContext context = BuildContext.open(ctx, Optional.empty());
            assertThatThrownBy(() -> context.list(ContextPath.ROOT)).isInstanceOf(ContextException.class)
                    .hasMessageContaining("cannot read directory locked").hasMessageContaining("permission denied");
            file(ctx, ".dockerignore", "locked\n!other\n");
            assertThat(paths(BuildContext.open(ctx, Optional.empty()).list(ContextPath.ROOT)))
                    .containsExactly("", ".dockerignore");
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }
}
