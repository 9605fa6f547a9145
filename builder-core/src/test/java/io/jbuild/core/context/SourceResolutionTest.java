package io.jbuild.core.context;

import static io.jbuild.core.context.Trees.file;
import static io.jbuild.core.context.Trees.paths;
import static io.jbuild.core.context.Trees.symlink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** COPY/ADD sources resolved with BuildKit's rules; never anything outside the context. */
class SourceResolutionTest {

    @TempDir(factory = TmpfsTempDir.class)
    Path ctx;

    @BeforeEach
    void tree() throws IOException {
        file(ctx, "a.txt", "a");
        file(ctx, "b.txt", "b");
        file(ctx, "c.md", "c");
        file(ctx, "*.txt", "literal star");
        file(ctx, "dir/x.txt", "x");
        file(ctx, "dir/sub/y.txt", "y");
        file(ctx, "etc/passwd", "context-passwd");
    }

    private BuildContext context() throws IOException {
        return BuildContext.open(ctx, Optional.empty());
    }

    private List<String> matched(String source) throws IOException {
        return context().resolveSource(source).stream().map(m -> m.path().toString()).toList();
    }

    private String content(SourceMatch m) throws IOException {
        BuildContext context = context();
        try (InputStream in = context.openContent(m.target())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private SourceMatch single(String source) throws IOException {
        List<SourceMatch> all = context().resolveSource(source);
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    @Test
    void dotDotAndAbsolutePathsStayInsideTheContext() throws IOException {
        for (String source : List.of("../../etc/passwd", "/etc/passwd", "etc/../../../etc/./passwd", "./etc//passwd")) {
            SourceMatch m = single(source);
            assertThat(m.path()).as(source).isEqualTo(ContextPath.of("etc/passwd"));
            assertThat(content(m)).isEqualTo("context-passwd");
            assertThat(m.target().file().startsWith(ctx.toRealPath())).isTrue();
        }
        assertThat(single(".").target().path()).isEqualTo(ContextPath.ROOT);
        assertThat(single("/").target().path()).isEqualTo(ContextPath.ROOT);
        assertThat(single("..").target().path()).isEqualTo(ContextPath.ROOT);
    }

    @Test
    void missingSourceNamesSourceAndContext() throws IOException {
        assertThatThrownBy(() -> context().resolveSource("missing.txt"))
                .isInstanceOf(SourceNotFoundException.class)
                .hasMessage("file not found in build context or excluded by .dockerignore: stat missing.txt: "
                        + "file does not exist (build context: " + ctx.toRealPath() + ")")
                .satisfies(e -> assertThat(((SourceNotFoundException) e).source()).isEqualTo("missing.txt"));
        assertThatThrownBy(() -> context().resolveSource("a.txt/x")).isInstanceOf(SourceNotFoundException.class)
                .hasMessageContaining("stat a.txt/x: not a directory");
        assertThatThrownBy(() -> context().resolveSource("nodir/*.txt")).isInstanceOf(SourceNotFoundException.class)
                .hasMessageContaining("nodir/*.txt");
    }

    @Test
    void excludedSourceIsNotFound() throws IOException {
        file(ctx, ".dockerignore", "a.txt\ndir\n!dir/sub\n");
        assertThatThrownBy(() -> context().resolveSource("a.txt")).isInstanceOf(SourceNotFoundException.class);
        assertThatThrownBy(() -> context().resolveSource("dir/x.txt")).isInstanceOf(SourceNotFoundException.class);
        assertThat(single("dir/sub/y.txt").target().path()).isEqualTo(ContextPath.of("dir/sub/y.txt"));
        // dir is sent (something in it is re-included); copying it copies what was sent.
        SourceMatch dir = single("dir");
        assertThat(paths(context().list(dir.target().path()))).containsExactly("dir", "dir/sub", "dir/sub/y.txt");
        assertThat(matched("*.txt")).containsExactly("*.txt", "b.txt");
    }

    @Test
    void wildcardsArePerSegmentWithoutDoubleStar() throws IOException {
        assertThat(matched("*.txt")).containsExactly("*.txt", "a.txt", "b.txt");
        assertThat(matched("[a-b].txt")).containsExactly("a.txt", "b.txt");
        assertThat(matched("?.md")).containsExactly("c.md");
        assertThat(matched("dir/*.txt")).containsExactly("dir/x.txt");
        // '**' is two '*': one segment, not any depth (filepath.Match); a/x.txt only at depth 2.
        assertThat(matched("**/*.txt")).containsExactly("dir/x.txt");
        assertThat(matched("*/*/*.txt")).containsExactly("dir/sub/y.txt");
        // A matched directory is copied whole, not searched further.
        assertThat(matched("d*")).containsExactly("dir");
        assertThat(matched("nomatch*")).isEmpty();
        // '[*]' matches a literal star; '\*' hides the wildcard, so the name is taken literally, backslash and all.
        assertThat(matched("[*].txt")).containsExactly("*.txt");
        assertThatThrownBy(() -> context().resolveSource("\\*.txt")).isInstanceOf(SourceNotFoundException.class);
        assertThatThrownBy(() -> context().resolveSource("a[")).isInstanceOf(ContextException.class)
                .hasMessageContaining("syntax error in pattern");
    }

    @Test
    void symlinkToEtcIsResolvedInsideTheContext() throws IOException {
        symlink(ctx, "linkdir", "/etc");
        symlink(ctx, "linkfile", "/etc/passwd");
        symlink(ctx, "up", "../../../..");
        // As if the context were "/": /etc is the context's etc, never the host's.
        SourceMatch viaDir = single("linkdir/passwd");
        assertThat(viaDir.target().path()).isEqualTo(ContextPath.of("etc/passwd"));
        assertThat(content(viaDir)).isEqualTo("context-passwd");
        SourceMatch viaFile = single("linkfile");
        assertThat(viaFile.path()).isEqualTo(ContextPath.of("linkfile"));
        assertThat(viaFile.target().path()).isEqualTo(ContextPath.of("etc/passwd"));
        assertThat(content(single("up/etc/passwd"))).isEqualTo("context-passwd");
        assertThat(single("up").target().path()).isEqualTo(ContextPath.ROOT);
        // Only what the host's /etc has and the context lacks: not found, not read from the host.
        assertThatThrownBy(() -> context().resolveSource("linkdir/hostname"))
                .isInstanceOf(SourceNotFoundException.class).hasMessageContaining("linkdir/hostname");
        // Inside a copied directory, links are entries (copied as links), not followed.
        List<ContextEntry> all = context().list(ContextPath.ROOT);
        ContextEntry link = all.stream().filter(e -> e.path().equals(ContextPath.of("linkdir"))).findFirst()
                .orElseThrow();
        assertThat(link.type()).isEqualTo(EntryType.SYMLINK);
        assertThat(link.linkTarget()).contains(LinkTarget.of("/etc"));
        assertThat(paths(all)).doesNotContain("linkdir/passwd");
    }

    @Test
    void symlinksAreFollowedBeforeTheWildcardAndForEachMatch() throws IOException {
        symlink(ctx, "lnk", "dir");
        symlink(ctx, "link.txt", "c.md");
        assertThat(matched("lnk/*.txt")).containsExactly("dir/x.txt");
        SourceMatch viaLink = context().resolveSource("l*.txt").get(0);
        assertThat(viaLink.path()).isEqualTo(ContextPath.of("link.txt"));
        assertThat(viaLink.target().path()).isEqualTo(ContextPath.of("c.md"));
        // The walk behind a wildcard does not enter linked directories.
        assertThat(matched("*/x.txt")).containsExactly("dir/x.txt");
    }

    @Test
    void symlinkLoopIsAClearError() throws IOException {
        symlink(ctx, "loop", "loop");
        symlink(ctx, "ping", "pong");
        symlink(ctx, "pong", "ping/x");
        for (String source : List.of("loop", "ping", "loop/a")) {
            assertThatThrownBy(() -> context().resolveSource(source)).as(source)
                    .isInstanceOf(ContextException.class)
                    .hasMessageContaining("failed to resolve " + source)
                    .hasMessageContaining("too many levels of symbolic links");
        }
        // Walking does not follow links, so loops are just entries.
        assertThat(paths(context().list(ContextPath.ROOT))).contains("loop", "ping", "pong");
    }

    @Test
    void danglingLinkIsNotFound() throws IOException {
        symlink(ctx, "dangling", "nowhere");
        assertThatThrownBy(() -> context().resolveSource("dangling")).isInstanceOf(SourceNotFoundException.class);
        assertThat(context().lookup(ContextPath.of("dangling")).orElseThrow().isSymlink()).isTrue();
    }
}
