package io.jbuild.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jbuild.core.image.Descriptor;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.registry.BuildChild;
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
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Build contexts built to break a build: names that are not UTF-8 or hold newlines, FIFOs and sockets, files the
 * builder may not read, files rewritten while they are copied, and a hundred thousand files. Each build copies
 * exactly, or fails naming the file; nothing blocks.
 */
@Timeout(120)
class HostileContextBuildTest {

    @TempDir
    Path tmp;
    Path context;
    ImageStore store;

    @BeforeEach
    void setUp() throws IOException {
        context = Files.createDirectories(tmp.resolve("context"));
        store = ImageStore.open(tmp.resolve("store"));
    }

    private ResolvedImage build(String dockerfile, String tag) throws Exception {
        Files.writeString(context.resolve("Dockerfile"), dockerfile);
        new ImageBuilder(store, null, 1).build(BuildRequest.builder(context).tags(List.of(tag)).noCache(true).build(),
                BuildListener.SILENT);
        return store.resolve(tag);
    }

    @Test
    void oddNamesAreCopiedByteForByteAndSpecialFilesNeverBlock() throws Exception {
        sh(context, "printf nl > \"$(printf 'new\\nline')\"; printf tab > \"$(printf 'a\\tb')\";"
                + " mkdir \"$(printf 'd\\303\\251')\"; printf in > \"$(printf 'd\\303\\251/caf\\303\\251')\";"
                + " printf ff > \"$(printf 'a\\377b')\"; printf '*\\n!Dockerfile\\n!new*\\n!a\\tb\\n!d*\\n!pipe\\n'"
                + " > .dockerignore; mkfifo pipe");
        // A name that is not UTF-8, dockerignored: the build goes on.
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(context.resolve("daemon.sock")));
            ResolvedImage image = build("FROM scratch\nCOPY . /ctx/\n", "odd-names:1");
            Descriptor layer = image.manifest().layers().get(0);
            // GNU tar, not our reader, lists the layer: names C-quoted, so every byte shows.
            Path blob = store.blobs().path(layer.digest());
            String listing = sh(tmp, "tar --quoting-style=c -tvzf " + blob);
            assertThat(listing).contains("\"ctx/new\\nline\"", "\"ctx/a\\tb\"")
                    .contains(new String("\"ctx/d\u00e9/caf\u00e9\"".getBytes(StandardCharsets.UTF_8),
                            StandardCharsets.ISO_8859_1))
                    .doesNotContain("\\377");
            // The socket (re-included by !d*) is an empty regular file, as BuildKit's client sends it.
            assertThat(listing.lines().filter(l -> l.endsWith("\"ctx/daemon.sock\"")))
                    .singleElement().asString().startsWith("-").contains(" 0/0 ").matches(".* 0/0 +0 .*");
            // A FIFO is not copied (as docker does not copy one from a context), and never opened: no hang.
            assertThat(listing).doesNotContain("pipe");
            // Unpacked by GNU tar, the contents are where the names say.
            Path out = Files.createDirectories(tmp.resolve("out"));
            sh(out, "tar -xzf " + blob + " && cat \"$(printf 'ctx/new\\nline')\" \"$(printf 'ctx/a\\tb')\""
                    + " \"$(printf 'ctx/d\\303\\251/caf\\303\\251')\" > joined");
            assertThat(out.resolve("joined")).hasContent("nltabin");
        }
    }

    @Test
    void aNameThatIsNotUtf8IsAClearErrorNotAChangedName() throws Exception {
        sh(context, "printf ff > \"$(printf 'a\\377b')\"; printf ok > ok");
        Assertions.assertThatThrownBy(() -> build("FROM scratch\nCOPY . /\n", "bad-name:1"))
                .hasMessageContaining("cannot copy \"" + context.resolve("a?b") + "\": its name is not valid UTF-8");
        assertThat(store.list()).isEmpty();
    }

    @Test
    void symlinkLoopsAreCopiedAsLinksAndNeverFollowedForever() throws Exception {
        Files.createDirectories(context.resolve("dir"));
        Files.createSymbolicLink(context.resolve("self"), Path.of("self"));
        Files.createSymbolicLink(context.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(context.resolve("b"), Path.of("a"));
        Files.createSymbolicLink(context.resolve("dir/up"), Path.of(".."));
        ResolvedImage image = build("FROM scratch\nCOPY . /ctx/\n", "loops:1");
        String listing = sh(tmp, "tar -tvzf " + store.blobs().path(image.manifest().layers().get(0).digest()));
        assertThat(listing).contains("ctx/self -> self", "ctx/a -> b", "ctx/b -> a", "ctx/dir/up -> ..");
        for (String source : List.of("self/x", "a")) {
            Assertions.assertThatThrownBy(() -> build("FROM scratch\nCOPY " + source + " /x\n",
                    "loop-source:1")).as(source).isInstanceOf(BuildException.class)
                    .hasMessageContaining("too many levels of symbolic links")
                    .hasMessageContaining(source)
                    .satisfies(e -> assertThat(((BuildException) e).problems()).singleElement()
                            .satisfies(d -> assertThat(d.range().start().line()).isEqualTo(2)));
        }
    }

    @Test
    void anUnreadableFileFailsTheBuildNamingIt() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) drops capabilities");
        Files.writeString(context.resolve("ok"), "fine");
        Path secret = Files.writeString(context.resolve("secret"), "you may not read this");
        Files.setPosixFilePermissions(secret, Set.of());
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY . /\n");
        // Tests run as root, who reads anything: the build runs in a JVM without the capabilities that allow it.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder("/usr/bin/setpriv",
                "--bounding-set", "-dac_override,-dac_read_search", "--inh-caps", "-dac_override,-dac_read_search",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-cp", classPath, BuildChild.class.getName(), store.root().toString(), context.toString(),
                "unreadable:1").redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor()).as(out).isNotZero();
        assertThat(out).contains("secret").containsIgnoringCase("permission denied").doesNotContain("built");
        assertThat(ImageStore.open(store.root()).list()).as("no image tagged").isEmpty();
    }

    @Test
    void aFileRewrittenDuringTheCopyGivesAConsistentLayerOrAClearError() throws Exception {
        Path busy = context.resolve("busy");
        Files.write(busy, new byte[1 << 20]);
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            Random random = new Random(7);
            byte[] chunk = new byte[64 << 10];
            while (!stop.get()) {
                try {
                    // Truncated, then grown again in pieces: every read sees some other length.
                    Files.write(busy, new byte[0]);
                    int pieces = 1 + random.nextInt(32);
                    for (int i = 0; i < pieces; i++) {
                        random.nextBytes(chunk);
                        Files.write(busy, chunk, StandardOpenOption.APPEND);
                    }
                } catch (IOException e) {
                    return;
                }
            }
        }, "rewriter");
        writer.start();
        List<String> failures = new ArrayList<>();
        int built = 0;
        try {
            for (int i = 0; i < 12; i++) {
                try {
                    ResolvedImage image = build("FROM scratch\nCOPY busy /busy\n", "busy:" + i);
                    assertConsistent(image);
                    built++;
                } catch (BuildException | IOException e) {
                    failures.add(e.getMessage());
                }
            }
        } finally {
            stop.set(true);
            writer.join();
        }
        assertThat(failures).as("failures name the file").allSatisfy(m -> assertThat(m).contains("busy"));
        assertThat(built + failures.size()).isEqualTo(12);
    }

    /** Each layer's bytes are its digest, its tar is its diff ID, and every entry holds as many bytes as it says. */
    private void assertConsistent(ResolvedImage image) throws IOException {
        List<Descriptor> layers = image.manifest().layers();
        for (int i = 0; i < layers.size(); i++) {
            Descriptor layer = layers.get(i);
            try (InputStream in = store.blobs().open(layer.digest())) {
                assertThat(Digest.of(in)).isEqualTo(layer.digest());
            }
            try (InputStream in = new GZIPInputStream(store.blobs().open(layer.digest()))) {
                assertThat(Digest.of(in)).isEqualTo(image.config().rootfs().diffIds().get(i));
            }
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(
                    store.blobs().open(layer.digest())))) {
                for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                    assertThat((long) tar.readAllBytes().length).as(e.getName()).isEqualTo(e.getSize());
                }
            }
        }
    }

    @Test
    @Tag("reliability")
    void aHundredThousandSmallFilesInABoundedHeap() throws Exception {
        for (int d = 0; d < 100; d++) {
            Path dir = Files.createDirectories(context.resolve("d" + d));
            for (int f = 0; f < 1000; f++) {
                Files.write(dir.resolve("f" + f), new byte[] {(byte) d, (byte) f});
            }
        }
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY . /\n");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", classPath, BuildChild.class.getName(),
                store.root().toString(), context.toString(), "many:1").redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor()).as(out).isZero();
        ResolvedImage image = ImageStore.open(store.root()).resolve("many:1");
        int files = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(
                store.blobs().open(image.manifest().layers().get(0).digest())))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                if (e.isFile() && e.getName().startsWith("d")) {
                    files++;
                }
            }
        }
        assertThat(files).isEqualTo(100_000);
    }

    private static String sh(Path dir, String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/sh", "-c", script).directory(dir.toFile()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertThat(p.waitFor()).as(script + ": " + out).isZero();
        return out;
    }
}
