package io.jbuild.core.container.cp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker cp}'s rules on a container root, checked against what docker 20.10 does (its words included), and
 * hostile container trees that try to make the copy read or write the host.
 */
class ContainerCopyTest {

    @TempDir
    Path tmp;
    Path rootfs;
    Path host;
    Path outside;
    ContainerCopy cp;

    @BeforeEach
    void setUp() throws IOException {
        rootfs = Files.createDirectories(tmp.resolve("ctr/rootfs"));
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
        Files.createDirectories(rootfs.resolve("tmp"));
        host = Files.createDirectories(tmp.resolve("host"));
        // what must never be read or written: beside the container's root and at the host's own paths
        outside = Files.createDirectories(tmp.resolve("ctr/outside"));
        Files.writeString(outside.resolve("secret"), "host secret");
        cp = new ContainerCopy("web", rootfs, Freezer.NONE);
    }

    @Test
    void fileToAMissingPathMakesThatFileAndIntoADirectoryKeepsItsName() throws IOException {
        cp.toHost("/etc/passwd", host.resolve("copy").toString(), false);
        cp.toHost("etc/passwd", host + "/", false);
        assertThat(host.resolve("copy")).hasContent("root:x:0:0::/root:/bin/sh");
        assertThat(host.resolve("passwd")).hasContent("root:x:0:0::/root:/bin/sh");

        Files.writeString(host.resolve("f"), "from the host");
        cp.toContainer(host.resolve("f").toString(), "/tmp/", false, new Owners.Source());
        cp.toContainer(host.resolve("f").toString(), "/etc/passwd", false, new Owners.Source());
        assertThat(rootfs.resolve("tmp/f")).hasContent("from the host");
        assertThat(rootfs.resolve("etc/passwd")).hasContent("from the host");
    }

    @Test
    void directoriesFollowTheTrailingDotRule() throws IOException {
        Files.createDirectories(host.resolve("d/sub"));
        Files.writeString(host.resolve("d/sub/a"), "a");
        cp.toContainer(host.resolve("d").toString(), "/tmp/new", false, new Owners.Source());
        cp.toContainer(host.resolve("d").toString(), "/tmp", false, new Owners.Source());
        cp.toContainer(host.resolve("d") + "/.", "/etc", false, new Owners.Source());
        assertThat(rootfs.resolve("tmp/new/sub/a")).hasContent("a");
        assertThat(rootfs.resolve("tmp/d/sub/a")).hasContent("a");
        assertThat(rootfs.resolve("etc/sub/a")).hasContent("a");
        assertThat(rootfs.resolve("etc/passwd")).exists();

        cp.toHost("/tmp/d/.", host.resolve("d").toString(), false); // merges into the existing directory
        cp.toHost("/tmp/d", host.resolve("d").toString(), false);
        assertThat(host.resolve("d/sub/a")).hasContent("a");
        assertThat(host.resolve("d/d/sub/a")).hasContent("a");
    }

    @Test
    void dockersErrorsAndNothingWritten() throws IOException {
        Files.writeString(host.resolve("f"), "f");
        Files.createDirectories(host.resolve("d"));
        assertError(() -> cp.toHost("/nonexistent", host.toString(), false),
                "Error: No such container:path: web:/nonexistent");
        assertError(() -> cp.toContainer(host.resolve("nope").toString(), "/", false, new Owners.Source()),
                "lstat " + host.resolve("nope") + ": no such file or directory");
        assertError(() -> cp.toContainer(host.resolve("f").toString(), "/nodir/", false, new Owners.Source()),
                "no such directory");
        assertError(() -> cp.toContainer(host.resolve("f").toString(), "/nodir/x/y", false, new Owners.Source()),
                "Error: No such container:path: web:/nodir/x");
        assertError(() -> cp.toContainer(host.resolve("d").toString(), "/etc/passwd", false, new Owners.Source()),
                "cannot copy directory");
        assertError(() -> cp.toContainer(host.resolve("f") + "/", "/tmp/", false, new Owners.Source()),
                "not a directory");
        assertError(() -> cp.toHost("/etc", host.resolve("f").toString(), false), "cannot copy directory");
        assertError(() -> cp.toHost("/etc/passwd", host.resolve("nodir") + "/", false), "no such directory");
        assertError(() -> cp.toHost("/etc/passwd", host.resolve("nodir/x/y").toString(), false),
                "invalid output path: directory \"" + host.resolve("nodir/x") + "\" does not exist");
        assertError(() -> cp.tarIn(InputStream(), "/etc/passwd", new Owners.Source()),
                "destination \"web:/etc/passwd\" must be a directory");
        assertThat(rootfs.resolve("nodir")).doesNotExist();
        assertThat(rootfs.resolve("tmp")).isEmptyDirectory();
        assertThat(host.resolve("nodir")).doesNotExist();
    }

    @Test
    void aSymlinkIsCopiedAsALinkUnlessFollowedAndTheDestinationsLinkIsFollowed() throws IOException {
        Files.createSymbolicLink(rootfs.resolve("tmp/lnk"), Path.of("/etc/passwd"));
        cp.toHost("/tmp/lnk", host.toString(), false);
        assertThat(Files.readSymbolicLink(host.resolve("lnk"))).isEqualTo(Path.of("/etc/passwd"));
        cp.toHost("/tmp/lnk", host.resolve("followed").toString(), true);
        assertThat(host.resolve("followed")).hasContent("root:x:0:0::/root:/bin/sh");

        Files.createSymbolicLink(rootfs.resolve("conf"), Path.of("etc"));
        Files.writeString(host.resolve("f"), "f");
        cp.toContainer(host.resolve("f").toString(), "/conf", false, new Owners.Source());
        assertThat(rootfs.resolve("etc/f")).hasContent("f");
    }

    @Test
    void ownersAreTheSourcesUnlessFixedAndTheCopiersOnTheHost() throws IOException {
        Path f = Files.writeString(host.resolve("f"), "f");
        Files.setAttribute(f, "unix:uid", 1234);
        Files.setAttribute(f, "unix:gid", 1235);
        Files.setAttribute(f, "unix:mode", 04750);
        Files.setLastModifiedTime(f, FileTime.fromMillis(1_000_000_000_000L));
        Path sticky = Files.createDirectories(host.resolve("sticky"));
        Files.setAttribute(sticky, "unix:mode", 01777);
        cp.toContainer(f.toString(), "/tmp/kept", false, new Owners.Source());
        cp.toContainer(f.toString(), "/tmp/fixed", false, new Owners.Fixed(7, 8));
        cp.toContainer(sticky.toString(), "/tmp/sticky", false, new Owners.Source());
        assertThat(attr(rootfs.resolve("tmp/kept"), "uid")).isEqualTo(1234);
        assertThat(attr(rootfs.resolve("tmp/kept"), "gid")).isEqualTo(1235);
        assertThat(attr(rootfs.resolve("tmp/kept"), "mode") & 07777).isEqualTo(04750);
        assertThat(Files.getLastModifiedTime(rootfs.resolve("tmp/kept")).toMillis()).isEqualTo(1_000_000_000_000L);
        assertThat(attr(rootfs.resolve("tmp/fixed"), "uid")).isEqualTo(7);
        assertThat(attr(rootfs.resolve("tmp/fixed"), "gid")).isEqualTo(8);
        assertThat(attr(rootfs.resolve("tmp/sticky"), "mode") & 07777).isEqualTo(01777);

        cp.toHost("/tmp/kept", host.resolve("back").toString(), false);
        assertThat(attr(host.resolve("back"), "uid")).isEqualTo(0);
        assertThat(attr(host.resolve("back"), "mode") & 07777).isEqualTo(04750);
    }

    @Test
    void aTarOfTheSourceNamedAsDockerNamesIt() throws Exception {
        Files.createDirectories(rootfs.resolve("tmp/d"));
        Files.writeString(rootfs.resolve("tmp/d/a"), "aa");
        Files.setAttribute(rootfs.resolve("tmp/d/a"), "unix:uid", 1234);
        Files.createSymbolicLink(rootfs.resolve("tmp/l"), Path.of("/etc/passwd"));
        assertThat(tarTv("/tmp")).containsExactly("drwxr-xr-x 0/0 tmp/", "drwxr-xr-x 0/0 tmp/d/",
                "-rw-r--r-- 1234/0 tmp/d/a", "lrwxrwxrwx 0/0 tmp/l -> /etc/passwd");
        assertThat(tarTv("/tmp/.")).first().isEqualTo("drwxr-xr-x 0/0 ./");
        assertThat(tarTv("/tmp/d/a")).containsExactly("-rw-r--r-- 1234/0 a");
    }

    @Test
    void aTarOutHasDockersHeadersNumericOwnersWholeSecondsAndExactSizes() throws Exception {
        Path f = Files.writeString(rootfs.resolve("tmp/f"), "0123456789");
        Files.setAttribute(f, "unix:uid", 1234);
        Files.setLastModifiedTime(f, FileTime.from(Instant.ofEpochSecond(1_600_000_000L, 987_654_321)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        cp.tarOut("/tmp/f", false, out);
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            TarArchiveEntry e = in.getNextEntry();
            assertThat(e.getName()).isEqualTo("f");
            // names are not looked up (a host's name for a container's uid means nothing), as BuildKit and
            // docker 23+ write them; times in whole seconds, as docker truncates them
            assertThat(e.getUserName()).isEmpty();
            assertThat(e.getGroupName()).isEmpty();
            assertThat(e.getLastModifiedTime().toInstant()).isEqualTo(Instant.ofEpochSecond(1_600_000_000L));
            assertThat(e.getExtraPaxHeaders()).isEmpty();
            assertThat(in.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("0123456789");
            assertThat(in.getNextEntry()).isNull();
        }
    }

    @Test
    void hardLinksStayOneFile() throws Exception {
        Files.createDirectories(rootfs.resolve("data"));
        Files.writeString(rootfs.resolve("data/a"), "same");
        Files.createLink(rootfs.resolve("data/b"), rootfs.resolve("data/a"));
        cp.toHost("/data", host.toString(), false);
        assertThat(Files.readAttributes(host.resolve("data/b"), "unix:ino").get("ino"))
                .isEqualTo(Files.readAttributes(host.resolve("data/a"), "unix:ino").get("ino"));
        assertThat(host.resolve("data/b")).hasContent("same");
        assertThat(tarTv("/data")).contains("hrw-r--r-- 0/0 data/b link to data/a");
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        cp.tarOut("/data", false, tar);
        cp.tarIn(new ByteArrayInputStream(tar.toByteArray()), "/tmp", new Owners.Source());
        assertThat(attr(rootfs.resolve("tmp/data/b"), "nlink")).isEqualTo(2);
    }

    @Test
    void aTarStreamUnpacksIntoADirectory() throws IOException {
        byte[] tar = tar(List.of(dir("x/"), file("x/y", "yy", 1234), link("x/l", "/etc")));
        cp.tarIn(new ByteArrayInputStream(tar), "/tmp", new Owners.Source());
        assertThat(rootfs.resolve("tmp/x/y")).hasContent("yy");
        assertThat(attr(rootfs.resolve("tmp/x/y"), "uid")).isEqualTo(1234);
        assertThat(Files.readSymbolicLink(rootfs.resolve("tmp/x/l"))).isEqualTo(Path.of("/etc"));
    }

    // ---- hostile containers ----

    @Test
    void linksOutOfTheContainerResolveInsideItsRoot() throws IOException {
        Files.delete(rootfs.resolve("etc/passwd"));
        Files.delete(rootfs.resolve("etc"));
        Files.createSymbolicLink(rootfs.resolve("etc"), Path.of("/"));
        Files.createSymbolicLink(rootfs.resolve("up"), Path.of("../../../../../outside"));
        Files.createSymbolicLink(rootfs.resolve("abs"), outside);
        for (String path : List.of("/up/secret", "/abs/secret", "/../outside/secret", "/etc/../../outside/secret")) {
            assertError(() -> cp.toHost(path, host.resolve("got").toString(), true),
                    "Error: No such container:path: web:" + path);
        }
        Files.writeString(host.resolve("f"), "evil");
        Files.createDirectories(rootfs.resolve("outside")); // where "up" leads, inside the root
        cp.toContainer(host.resolve("f").toString(), "/up/secret", false, new Owners.Source());
        cp.toContainer(host.resolve("f").toString(), "/etc/../../outside/secret2", false, new Owners.Source());
        // "abs" leads to the host's path of "outside", which in the container does not exist
        assertError(() -> cp.toContainer(host.resolve("f").toString(), "/abs", false, new Owners.Source()),
                "Error: No such container:path: web:" + outside.getParent());
        cp.tarIn(new ByteArrayInputStream(tar(List.of(link("l", "/../../outside"), file("l/secret", "evil", 0)))),
                "/tmp", new Owners.Source());
        assertThat(outside.resolve("secret")).hasContent("host secret");
        try (var s = Files.list(outside)) {
            assertThat(s.toList()).containsExactly(outside.resolve("secret"));
        }
        assertThat(rootfs.resolve("outside/secret")).hasContent("evil"); // "up" led to the container's /outside
        assertThat(rootfs.resolve("outside/secret2")).hasContent("evil");
    }

    @Test
    void aTarClimbingOutIsRefusedAndEntriesNeverWriteThroughLinks() throws IOException {
        assertError(() -> cp.tarIn(new ByteArrayInputStream(tar(List.of(file("../../outside/secret", "evil", 0)))),
                "/tmp", new Owners.Source()), "\"../../outside/secret\" is outside of \"/tmp\"");
        // a link already in the container where the tar puts a file: replaced, never written through
        Files.createSymbolicLink(rootfs.resolve("tmp/secret"), outside.resolve("secret"));
        cp.tarIn(new ByteArrayInputStream(tar(List.of(file("secret", "evil", 0)))), "/tmp", new Owners.Source());
        assertThat(outside.resolve("secret")).hasContent("host secret");
        assertThat(rootfs.resolve("tmp/secret")).isRegularFile().hasContent("evil");
    }

    @Test
    void aTarStreamStopsAtItsLimitAndLeavesNoPartOfTheFileItWasWriting() throws Exception {
        ContainerCopy small = new ContainerCopy("web", rootfs, Freezer.NONE, 1 << 20);
        byte[] big = new byte[2 << 20];
        Arrays.fill(big, (byte) 'x');
        assertThatThrownBy(() -> small.tarIn(new ByteArrayInputStream(tar(List.of(new Entry(sized("big", big.length),
                big)))), "/tmp", new Owners.Source())).hasMessageContaining("larger than the limit of 1048576");
        assertThat(rootfs.resolve("tmp/big")).doesNotExist();

        // a sparse entry: a few blocks of tar that expand to 64 MiB of file
        Path holes = tmp.resolve("holes");
        try (RandomAccessFile f = new RandomAccessFile(holes.toFile(), "rw")) {
            f.setLength(64L << 20);
        }
        Path sparseTar = tmp.resolve("sparse.tar");
        Process p = new ProcessBuilder("tar", "--sparse", "--format=posix", "-cf", sparseTar.toString(), "-C",
                tmp.toString(), "holes").redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(Files.size(sparseTar)).isLessThan(1 << 20);
        assertThatThrownBy(() -> small.tarIn(Files.newInputStream(sparseTar), "/tmp", new Owners.Source()))
                .hasMessageContaining("larger than the limit of 1048576 uncompressed bytes (its files expand to more)");
        assertThat(rootfs.resolve("tmp/holes")).doesNotExist();
    }

    @Test
    void aTarsHardLinksStayInsideTheDestination() throws Exception {
        TarArchiveEntry out = new TarArchiveEntry("l", TarConstants.LF_LINK);
        out.setLinkName("../../outside/secret");
        assertError(() -> cp.tarIn(new ByteArrayInputStream(tar(List.of(new Entry(out, new byte[0])))), "/tmp",
                new Owners.Source()), "\"../../outside/secret\" is outside of \"/tmp\"");
        TarArchiveEntry absolute = new TarArchiveEntry("l", TarConstants.LF_LINK);
        absolute.setLinkName("/etc/passwd"); // the archive's etc/passwd, which it does not hold
        assertError(() -> cp.tarIn(new ByteArrayInputStream(tar(List.of(new Entry(absolute, new byte[0])))), "/tmp",
                new Owners.Source()), "hard link l -> etc/passwd: no such file in the archive");
        assertThat(rootfs.resolve("tmp/l")).doesNotExist();
        assertThat(outside.resolve("secret")).hasContent("host secret");
    }

    @Test
    void copyingOutNeverFollowsTheContainersLinks() throws IOException {
        Files.createDirectories(rootfs.resolve("data"));
        Files.createSymbolicLink(rootfs.resolve("data/shadow"), outside.resolve("secret"));
        Files.createSymbolicLink(rootfs.resolve("data/hostdir"), outside);
        cp.toHost("/data", host.toString(), false);
        assertThat(Files.isSymbolicLink(host.resolve("data/shadow"))).isTrue();
        assertThat(Files.isSymbolicLink(host.resolve("data/hostdir"))).isTrue();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        cp.tarOut("/data", false, out);
        assertThat(out.toString(StandardCharsets.ISO_8859_1)).doesNotContain("host secret");

        // copying a directory over the host destination whose entry is a link to elsewhere: docker's error
        Files.createDirectories(rootfs.resolve("data2/hostdir"));
        Files.writeString(rootfs.resolve("data2/hostdir/planted"), "x");
        Files.createDirectories(host.resolve("data2"));
        Files.createSymbolicLink(host.resolve("data2/hostdir"), outside);
        assertError(() -> cp.toHost("/data2", host.toString(), false), "cannot overwrite non-directory");
        assertThat(outside.resolve("planted")).doesNotExist();
    }

    private static java.io.InputStream InputStream() {
        return new ByteArrayInputStream(new byte[1024]);
    }

    private List<String> tarTv(String path) throws Exception {
        Path file = tmp.resolve("out.tar");
        try (var out = Files.newOutputStream(file)) {
            cp.tarOut(path, false, out);
        }
        // read by GNU tar, not by our own reader
        Process p = new ProcessBuilder("tar", "--numeric-owner", "-tvf", file.toString()).redirectErrorStream(true)
                .start();
        List<String> lines = new ArrayList<>();
        for (String line : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            // "drwxr-xr-x 0/0 0 2026-12-06 17:23 tmp/": mode, owner and name
            String[] w = line.trim().split("\\s+", 6);
            lines.add(w[0] + " " + w[1] + " " + w[5]);
        }
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        Files.delete(file);
        return lines;
    }

    private static int attr(Path p, String name) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:" + name, LinkOption.NOFOLLOW_LINKS);
    }

    private static void assertError(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(CopyException.class).hasMessageStartingWith(message);
    }

    private record Entry(TarArchiveEntry header, byte[] content) {
    }

    private static Entry dir(String name) {
        return new Entry(new TarArchiveEntry(name, TarConstants.LF_DIR), new byte[0]);
    }

    private static Entry file(String name, String content, int uid) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        e.setSize(bytes.length);
        e.setUserId(uid);
        e.setMode(0644);
        return new Entry(e, bytes);
    }

    private static TarArchiveEntry sized(String name, long size) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
        e.setSize(size);
        e.setMode(0644);
        return e;
    }

    private static Entry link(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        e.setLinkName(target);
        return new Entry(e, new byte[0]);
    }

    private static byte[] tar(List<Entry> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            for (Entry e : entries) {
                out.putArchiveEntry(e.header());
                out.write(e.content());
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
