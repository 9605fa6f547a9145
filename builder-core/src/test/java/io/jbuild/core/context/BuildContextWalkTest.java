package io.jbuild.core.context;

import static io.jbuild.core.context.Trees.file;
import static io.jbuild.core.context.Trees.paths;
import static io.jbuild.core.context.Trees.symlink;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbuild.grammar.ignore.IgnoreRules;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildContextWalkTest {

    @TempDir(factory = TmpfsTempDir.class)
    Path ctx;

    @Test
    void walksInByteOrderParentsFirst() throws IOException {
        file(ctx, "b", "");
        file(ctx, "B", "");
        file(ctx, "a/b", "");
        file(ctx, "a.txt", "");
        file(ctx, "a-", "");
        file(ctx, "dir/sub/x", "");
        Trees.dir(ctx, "empty");
        BuildContext context = BuildContext.open(ctx, Optional.empty());
        List<ContextEntry> entries = context.list(ContextPath.ROOT);
        // Segment by segment: "a" and its contents come before "a-" and "a.txt" ('/' sorts first).
        assertThat(paths(entries)).containsExactly("", "B", "a", "a/b", "a-", "a.txt", "b", "dir", "dir/sub",
                "dir/sub/x", "empty");
        assertThat(entries.get(0).path()).isEqualTo(ContextPath.ROOT);
        assertThat(entries).isSortedAccordingTo((x, y) -> x.path().compareTo(y.path()));
    }

    @Test
    void reportsLayerMetadata() throws IOException {
        Path f = file(ctx, "bin/tool", "#!/bin/sh\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-x---"));
        Instant mtime = Instant.parse("2021-02-03T04:05:06.123456789Z");
        Files.setLastModifiedTime(f, FileTime.from(mtime));
        symlink(ctx, "bin/link", "../etc/target");
        Files.createLink(ctx.resolve("bin/hard"), f);
        BuildContext context = BuildContext.open(ctx, Optional.empty());

        ContextEntry tool = context.lookup(ContextPath.of("bin/tool")).orElseThrow();
        assertThat(tool.type()).isEqualTo(EntryType.FILE);
        assertThat(tool.permissions()).isEqualTo(0750);
        assertThat(tool.mode() & ContextEntry.TYPE_MASK).isEqualTo(0100000);
        assertThat(tool.size()).isEqualTo(10);
        assertThat(tool.mtime()).isEqualTo(mtime);
        assertThat(tool.uid()).isZero();
        assertThat(tool.gid()).isZero();
        assertThat(tool.linkCount()).isEqualTo(2);
        assertThat(tool.isHardLinked()).isTrue();
        ContextEntry hard = context.lookup(ContextPath.of("bin/hard")).orElseThrow();
        assertThat(hard.identity()).isEqualTo(tool.identity());

        ContextEntry link = context.lookup(ContextPath.of("bin/link")).orElseThrow();
        assertThat(link.type()).isEqualTo(EntryType.SYMLINK);
        assertThat(link.linkTarget()).contains(LinkTarget.of("../etc/target"));
        assertThat(link.size()).isEqualTo("../etc/target".length());

        ContextEntry dir = context.lookup(ContextPath.of("bin")).orElseThrow();
        assertThat(dir.type()).isEqualTo(EntryType.DIRECTORY);
        assertThat(dir.size()).isZero();
        try (InputStream in = context.openContent(tool)) {
            assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("#!/bin/sh\n");
        }
    }

    @Test
    void ownershipIsZeroUnlessKept() throws IOException {
        Assumptions.assumeTrue(Trees.isRoot(), "chown needs root");
        Path f = file(ctx, "owned", "x");
        Files.setAttribute(f, "unix:uid", 1234);
        Files.setAttribute(f, "unix:gid", 5678);
        ContextEntry reset = BuildContext.open(ctx, Optional.empty()).lookup(ContextPath.of("owned")).orElseThrow();
        assertThat(reset.uid()).isZero();
        ContextEntry kept = BuildContext.builder(ctx).keepHostOwnership(true).open().lookup(ContextPath.of("owned"))
                .orElseThrow();
        assertThat(kept.uid()).isEqualTo(1234);
        assertThat(kept.gid()).isEqualTo(5678);
    }

    @Test
    void dockerignoreExcludesAndExceptionsKeepTheirParents() throws IOException {
        file(ctx, ".dockerignore", "dir\n!dir/keep.txt\n*.log\nDockerfile\n");
        file(ctx, "Dockerfile", "FROM scratch\n");
        file(ctx, "a.txt", "");
        file(ctx, "x.log", "");
        file(ctx, "dir/keep.txt", "");
        file(ctx, "dir/other.txt", "");
        file(ctx, "dir/sub/keep.txt", "");
        BuildContext context = BuildContext.open(ctx, Optional.empty());
        assertThat(context.dockerignoreFile()).contains(ctx.toRealPath().resolve(".dockerignore"));
        // dir is excluded but sent, because dir/keep.txt is re-included (fsutil sends the parents of what it sends).
        // The Dockerfile is excluded like any file: BuildKit reads it separately, COPY does not see it.
        assertThat(paths(context.list(ContextPath.ROOT)))
                .containsExactly("", ".dockerignore", "a.txt", "dir", "dir/keep.txt");
        assertThat(context.lookup(ContextPath.of("dir/other.txt"))).isEmpty();
        assertThat(context.lookup(ContextPath.of("dir"))).isPresent();
        assertThat(paths(context.list(ContextPath.of("dir")))).containsExactly("dir", "dir/keep.txt");
    }

    @Test
    void wildcardExceptionsAreFoundAtAnyDepth() throws IOException {
        file(ctx, ".dockerignore", "docs\n!docs/**/*.md\n");
        file(ctx, "docs/a.txt", "");
        file(ctx, "docs/x/y/b.md", "");
        file(ctx, "docs/x/z.txt", "");
        Trees.dir(ctx, "docs/empty");
        BuildContext context = BuildContext.open(ctx, Optional.empty());
        assertThat(paths(context.list(ContextPath.ROOT)))
                .containsExactly("", ".dockerignore", "docs", "docs/x", "docs/x/y", "docs/x/y/b.md");
    }

    @Test
    void excludedDirectoryWithNothingIncludedIsAbsent() throws IOException {
        file(ctx, ".dockerignore", "node_modules\n!keep\n");
        file(ctx, "node_modules/a/b.js", "");
        file(ctx, "keep", "");
        BuildContext context = BuildContext.open(ctx, Optional.empty());
        assertThat(paths(context.list(ContextPath.ROOT))).containsExactly("", ".dockerignore", "keep");
        assertThatThrownBy(() -> context.walk(ContextPath.of("node_modules"), e -> { }))
                .isInstanceOf(ContextException.class).hasMessageContaining("node_modules")
                .hasMessageContaining(ctx.toRealPath().toString());
    }

    @Test
    void dockerfileSpecificIgnoreFileWins() throws IOException {
        Path dockerfile = file(ctx, "build/app.Dockerfile", "FROM scratch\n");
        file(ctx, "build/app.Dockerfile.dockerignore", "foo\n");
        file(ctx, ".dockerignore", "bar\n");
        file(ctx, "foo", "");
        file(ctx, "bar", "");
        BuildContext specific = BuildContext.open(ctx, DockerIgnore.nextTo(dockerfile));
        assertThat(specific.lookup(ContextPath.of("foo"))).isEmpty();
        assertThat(specific.lookup(ContextPath.of("bar"))).isPresent();
        assertThat(DockerIgnore.nextTo(ctx.resolve("Dockerfile"))).isEmpty();
        BuildContext generic = BuildContext.open(ctx, DockerIgnore.nextTo(ctx.resolve("Dockerfile")));
        assertThat(generic.lookup(ContextPath.of("foo"))).isPresent();
        assertThat(generic.lookup(ContextPath.of("bar"))).isEmpty();
        BuildContext none = BuildContext.builder(ctx).ignoreRules(IgnoreRules.NONE).open();
        assertThat(none.lookup(ContextPath.of("bar"))).isPresent();
    }

    @Test
    void dockerignoreSymlinkIsFollowedInsideTheContext() throws IOException {
        file(ctx, "config/ignore", "secret\n");
        symlink(ctx, ".dockerignore", "config/ignore");
        file(ctx, "secret", "");
        assertThat(BuildContext.open(ctx, Optional.empty()).lookup(ContextPath.of("secret"))).isEmpty();
        // A link pointing out of the context resolves inside it (here: to nothing), never to the host's file.
        Files.delete(ctx.resolve(".dockerignore"));
        symlink(ctx, ".dockerignore", "/etc/hostname");
        assertThat(BuildContext.open(ctx, Optional.empty()).ignoreRules().isEmpty()).isTrue();
    }

    @Test
    void invalidDockerignoreNamesFileAndLine() throws IOException {
        file(ctx, ".dockerignore", "ok\n# c\n[oops\n");
        assertThatThrownBy(() -> BuildContext.open(ctx, Optional.empty())).isInstanceOf(ContextException.class)
                .hasMessage(".dockerignore line 3: syntax error in pattern \"[oops\"");
        assertThatThrownBy(() -> BuildContext.open(ctx, Optional.of(ctx.resolve("missing.dockerignore"))))
                .isInstanceOf(ContextException.class).hasMessageContaining("missing.dockerignore");
    }

    @Test
    void contextMustBeADirectory() throws IOException {
        Path f = file(ctx, "f", "");
        assertThatThrownBy(() -> BuildContext.open(f, Optional.empty())).isInstanceOf(ContextException.class)
                .hasMessageContaining("not a directory");
        assertThatThrownBy(() -> BuildContext.open(ctx.resolve("nope"), Optional.empty()))
                .isInstanceOf(ContextException.class).hasMessageContaining("nope");
    }

    @Test
    void walkOfASubtreeOrAFile() throws IOException {
        file(ctx, "src/main/A.java", "");
        file(ctx, "src/main/B.java", "");
        file(ctx, "src/test/T.java", "");
        BuildContext context = BuildContext.open(ctx, Optional.empty());
        assertThat(paths(context.list(ContextPath.of("src/main"))))
                .containsExactly("src/main", "src/main/A.java", "src/main/B.java");
        assertThat(paths(context.list(ContextPath.of("src/test/T.java")))).containsExactly("src/test/T.java");
    }
}
