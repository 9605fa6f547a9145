package io.jbuild.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbuild.core.image.Descriptor;
import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.ResolvedImage;
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
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What COPY takes from its sources, as BuildKit's frontend tests state it (moby/buildkit
 * frontend/dockerfile/dockerfile_copy_test.go and dockerfile_parents_test.go; each test names its case). The
 * cases docker 20.10 can build are also in the differential suite ({@code testdata/differential/copy-source-*}).
 */
class CopySourceFidelityTest {

    @TempDir
    Path tmp;
    Path context;
    ImageStore store;

    @BeforeEach
    void setUp() throws IOException {
        context = Files.createDirectories(tmp.resolve("context"));
        store = ImageStore.open(tmp.resolve("store"));
    }

    private void file(String name, String content) throws IOException {
        Path p = context.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private void symlink(String name, String target) throws IOException {
        Path p = context.resolve(name);
        Files.createDirectories(p.getParent());
        Files.createSymbolicLink(p, Path.of(target));
    }

    private ResolvedImage build(String dockerfile, String tag) throws Exception {
        Files.writeString(context.resolve("Dockerfile"), dockerfile);
        new ImageBuilder(store, null, 1).build(BuildRequest.builder(context).tags(List.of(tag)).build(),
                BuildListener.SILENT);
        return store.resolve(tag);
    }

    /** path → "type mode [content|target]" over all layers applied in order (later wins). */
    private Map<String, String> tree(ResolvedImage image) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (Descriptor layer : image.manifest().layers()) {
            try (InputStream in = new GZIPInputStream(store.blobs().open(layer.digest()));
                 TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
                TarArchiveEntry e;
                while ((e = tar.getNextEntry()) != null) {
                    String kind = e.isDirectory() ? "dir" : e.isSymbolicLink() ? "link" : e.isFile() ? "file" : "other";
                    String extra = e.isSymbolicLink() ? " " + e.getLinkName()
                            : e.isFile() ? " " + new String(tar.readAllBytes(), StandardCharsets.UTF_8) : "";
                    out.put(e.getName(), kind + " " + Integer.toOctalString(e.getMode()) + extra);
                }
            }
        }
        return out;
    }

    /** testCopySymlinks, testCopyWildcards: a named or matched link copies its target, under the link's name. */
    @Test
    void aSymlinkNamedOrMatchedAsASourceCopiesItsTargetUnderItsOwnName() throws Exception {
        file("bar", "bar-contents");
        symlink("foo", "bar");
        file("sub/lfile", "lfile-contents");
        symlink("sub/l0", "subfile");
        file("sub/subfile", "subfile-contents");
        symlink("sub/l1", "second");
        symlink("sub/second", "baz");
        file("sub/baz", "baz-contents");
        file("a.txt", "a");
        file("b.txt", "b");
        symlink("link.txt", "a.txt");
        file("dir/inner", "inner");
        symlink("dir/up", "../bar");
        symlink("linkdir", "dir");
        Map<String, String> t = tree(build("""
                FROM scratch
                COPY foo /
                COPY sub/l* alllinks/
                COPY *.txt /glob/
                COPY linkdir /contents/
                """, "links:1"));
        assertThat(t).containsEntry("foo", "file 644 bar-contents").doesNotContainKey("bar")
                .containsEntry("alllinks/l0", "file 644 subfile-contents")
                .containsEntry("alllinks/l1", "file 644 baz-contents")
                .containsEntry("alllinks/lfile", "file 644 lfile-contents")
                .containsEntry("glob/a.txt", "file 644 a").containsEntry("glob/b.txt", "file 644 b")
                .containsEntry("glob/link.txt", "file 644 a")
                // Only the top level is followed: a link inside a copied directory stays a link.
                .containsEntry("contents/inner", "file 644 inner").containsEntry("contents/up", "link 777 ../bar");

        // The cache key follows the link too: a changed target is a new layer, not a stale hit.
        file("bar", "changed");
        assertThat(tree(build("FROM scratch\nCOPY foo /\n", "links:2"))).containsEntry("foo", "file 644 changed");
        file("bar", "again");
        assertThat(tree(build("FROM scratch\nCOPY foo /\n", "links:3"))).containsEntry("foo", "file 644 again");
    }

    /**
     * One matcher, Go's {@code filepath.Match}, selects every COPY source: {@code [!x]} is a class of '!' and 'x'
     * (Java's globs, once used for --from sources and --parents walks, negate it). The context source shows what the
     * cache key's file set holds; a --from stage and a --parents pattern now select the same names.
     */
    @Test
    void aBangInAClassIsALiteralForEverySourceAsInGo() throws Exception {
        file("src/!bang", "bang");
        file("src/xray", "x");
        file("src/other", "o");
        file("p/xd/f", "xf");
        file("p/od/f", "of");
        Map<String, String> t = tree(build("""
                FROM scratch AS base
                COPY src /src
                FROM scratch
                COPY src/[!x]* /ctx/
                COPY --from=base /src/[!x]* /stage/
                COPY --parents p/[!x]*/f /parents/
                """, "bang:1"));
        assertThat(t).containsKeys("ctx/!bang", "ctx/xray").doesNotContainKey("ctx/other");
        assertThat(t).containsKeys("stage/!bang", "stage/xray").doesNotContainKey("stage/other");
        assertThat(t).containsEntry("parents/p/xd/f", "file 644 xf").doesNotContainKey("parents/p/od/f");
    }

    /** The same from another stage (BuildKit copies --from sources with the same FollowSymlinks rule). */
    @Test
    void aSymlinkInAStageNamedOrMatchedAsASourceCopiesItsTarget() throws Exception {
        file("sub/lfile", "lfile-contents");
        symlink("sub/l0", "subfile");
        file("sub/subfile", "subfile-contents");
        symlink("sub/l1", "/sub/second");
        symlink("sub/second", "baz");
        file("sub/baz", "baz-contents");
        Map<String, String> t = tree(build("""
                FROM scratch AS src
                COPY sub /sub
                FROM scratch
                COPY --from=src /sub/l* /alllinks/
                COPY --from=src /sub/l0 /
                """, "stage-links:1"));
        assertThat(t).containsEntry("alllinks/l0", "file 644 subfile-contents")
                .containsEntry("alllinks/l1", "file 644 baz-contents")
                .containsEntry("alllinks/lfile", "file 644 lfile-contents")
                .containsEntry("l0", "file 644 subfile-contents")
                .doesNotContainKeys("alllinks/subfile", "alllinks/baz", "subfile");
    }

    /** A link to an ignored file is not followed to it: BuildKit never receives the target (not found). */
    @Test
    void aLinkToAnIgnoredFileDoesNotReadIt() throws Exception {
        file("secret.env", "TOKEN=1");
        symlink("innocent", "secret.env");
        file(".dockerignore", "secret.env\n");
        assertThatThrownBy(() -> build("FROM scratch\nCOPY innocent /x\n", "ignored:1"))
                .isInstanceOf(BuildException.class).hasMessageContaining("\"innocent\": not found in build context");
        assertThat(store.list()).isEmpty();
    }

    /** testCopyWildcards ({@code COPY f*.go foo2.go}): one match is copied as the destination, not into it. */
    @Test
    void aWildcardWithOneMatchIsCopiedAsTheDestination() throws Exception {
        file("foo.go", "foo-contents");
        file("bar.go", "bar-contents");
        file("sub/dir1/dir2/foo", "deep");
        Map<String, String> t = tree(build("""
                FROM scratch
                COPY f*.go out.go
                COPY f*.go /existing/
                COPY sub/*/dir2/foo /subdest3/bar
                COPY f*.go /existing
                """, "one-match:1"));
        assertThat(t).containsEntry("out.go", "file 644 foo-contents").doesNotContainKey("out.go/")
                .containsEntry("subdest3/bar", "file 644 deep")
                .containsEntry("existing/foo.go", "file 644 foo-contents");
    }

    /** testCopyLinkEmptyDestDir: an empty destination is the working directory, with --link too. */
    @Test
    void copyLinkToAnEmptyDestinationCopiesIntoTheWorkingDirectory() throws Exception {
        file("testfile", "contents0");
        Map<String, String> t = tree(build("""
                FROM scratch
                WORKDIR /var/www
                ENV empty=""
                COPY --link testfile $empty
                COPY testfile $empty
                """, "link-empty:1"));
        assertThat(t).containsEntry("var/www/", "dir 755").containsEntry("var/www/testfile", "file 644 contents0");
    }

    /** testCopySocket: a socket in the context is an empty regular file with its permissions. */
    @Test
    void aSocketInTheContextIsCopiedAsAnEmptyFile() throws Exception {
        file("a", "a");
        Path socket = context.resolve("daemon.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rwxr-x---"));
            Map<String, String> t = tree(build("""
                    FROM scratch
                    COPY . /ctx/
                    COPY daemon.sock /named
                    COPY *.sock /matched/
                    """, "socket:1"));
            assertThat(t).containsEntry("ctx/daemon.sock", "file 750 ").containsEntry("ctx/a", "file 644 a")
                    .containsEntry("named", "file 750 ").containsEntry("matched/daemon.sock", "file 750 ");
        }
    }

    /** testCopyRelativeParents ("doublewildcard"): a wildcard before the pivot makes each match a pivot. */
    @Test
    void copyParentsWithAWildcardBeforeThePivotCopiesEachMatch() throws Exception {
        file("test/a/b/c/d/foo", "foo");
        file("test/a/b/c/d/e/bay", "bay");
        file("test/a/b2/c/d/e/bar", "bar");
        file("test/a/b/c2/d/e/baz", "baz");
        Map<String, String> t = tree(build("""
                FROM scratch AS base
                COPY test /test
                FROM scratch
                COPY --from=base --parents /test/a/b*/./c /out/
                COPY --from=base --parents /test/a/b*/./c/**/e /double/
                COPY --from=base --parents /test/a/b*/c /plain/
                COPY --from=base --parents /test/a/nothing*/./c /none/
                """, "parents-wild:1"));
        assertThat(t).containsEntry("out/c/d/foo", "file 644 foo").containsEntry("out/c/d/e/bay", "file 644 bay")
                .containsEntry("out/c/d/e/bar", "file 644 bar")
                .doesNotContainKeys("out/test/", "out/a/", "out/c2/")
                .containsEntry("double/c/d/e/bay", "file 644 bay").containsEntry("double/c/d/e/bar", "file 644 bar")
                .doesNotContainKey("double/c/d/foo")
                .containsEntry("plain/test/a/b/c/d/foo", "file 644 foo")
                .containsEntry("plain/test/a/b2/c/d/e/bar", "file 644 bar")
                .containsEntry("none/", "dir 755").doesNotContainKey("none/c/");
    }

    /** testCopyParentsMissingDirectory ("nonexistentfile"): a source without wildcards must exist. */
    @Test
    void copyParentsOfAMissingSourceFails() throws Exception {
        file("present", "p");
        for (String source : List.of("nonexistent-file", "present/./x", "nothere/./x")) {
            assertThatThrownBy(() -> build("FROM scratch\nCOPY --parents " + source + " /out/\n", "parents-missing:1"))
                    .as(source).isInstanceOfSatisfying(BuildException.class, e -> assertThat(e.format("Dockerfile"))
                            .startsWith("Dockerfile:2:"))
                    .hasMessageContaining(source.startsWith("present") ? "present is not a directory"
                            : "\"/" + source.replace("/./", "/") + "\": not found");
        }
        assertThatThrownBy(() -> build("FROM scratch AS base\nCOPY present /test/\nFROM scratch\n"
                + "COPY --from=base --parents /test/nonexistent-file /out/\n", "parents-missing:2"))
                .hasMessageContaining("\"/test/nonexistent-file\": not found");
        assertThat(store.list()).isEmpty();
        // A pattern with wildcards may match nothing (BuildKit's "wildcard-nonexistent").
        assertThat(tree(build("FROM scratch\nCOPY --parents nothere*/c /out/\n", "parents-empty:1")))
                .containsEntry("out/", "dir 755").hasSize(1);
    }
}
