package io.jbuild.core.build;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jbuild.core.image.Descriptor;
import io.jbuild.core.image.ImageIndex;
import io.jbuild.core.image.Platform;
import io.jbuild.core.store.ImageStore;
import io.jbuild.grammar.reference.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The multi-platform tests' base: busybox for linux/amd64 (Debian's busybox-static, /bin/busybox) and linux/arm64
 * (the same package for arm64, which .ci/run unpacks into /var/cache/jbuild-e2e/busybox-arm64), each built
 * {@code FROM scratch} with a plain COPY of a root holding the binary and a link per applet (no RUN, so no
 * emulation is needed to make them), then put under one OCI image index by hand, as a registry would serve it.
 */
public final class MultiPlatformBusybox {

    /** The amd64 binary. */
    public static final Path AMD64 = Path.of("/bin/busybox");
    /** The arm64 binary. */
    public static final Path ARM64 = Path.of("/var/cache/jbuild-e2e/busybox-arm64/bin/busybox");
    /** The platforms of the index, in its order. */
    public static final List<Platform> PLATFORMS = List.of(Platform.parse("linux/amd64"),
            Platform.parse("linux/arm64"));

    /** ELF e_machine of x86-64 and AArch64: what a file's bytes 18-19 say it runs on. */
    public static final int EM_X86_64 = 62;
    public static final int EM_AARCH64 = 183;

    private MultiPlatformBusybox() {
    }

    /** Skips the calling test unless both binaries are there (.ci/run puts them there). */
    public static void assumeAvailable() {
        assumeTrue(Files.isExecutable(AMD64) && Files.isExecutable(ARM64),
                "needs busybox-static for amd64 and arm64 (" + ARM64 + "), which .ci/run installs");
    }

    /**
     * Builds both images into {@code store} (tagged {@code name-amd64} and {@code name-arm64}) and tags the index of
     * the two as {@code name} (e.g. {@code jbuild/busybox-multi:latest}); returns the index's descriptor.
     */
    public static Descriptor build(ImageStore store, Path work, String name) throws Exception {
        assumeAvailable();
        ImageReference ref = ImageReference.parse(name);
        List<String> applets = applets();
        List<Descriptor> manifests = new ArrayList<>();
        for (Platform p : PLATFORMS) {
            Path context = context(work.resolve("busybox-" + p.architecture()),
                    p.architecture().equals("arm64") ? ARM64 : AMD64, applets);
            String tag = ref.withTag(ref.tag() + "-" + p.architecture()).toString();
            BuildResult built = new ImageBuilder(store, null, 1).build(BuildRequest.builder(context)
                    .platform(p.format()).tags(List.of(tag))
                    .sourceDateEpoch(Instant.ofEpochSecond(1_700_000_000)).build(), BuildListener.SILENT);
            manifests.add(built.manifest().withAnnotations(Map.of()).withPlatform(p));
        }
        Descriptor index = store.putManifest(ImageIndex.oci(manifests));
        store.tag(ref, index);
        return index;
    }

    /** The ELF machine of a file: bytes 18-19, little-endian (both our platforms are). */
    public static int elfMachine(byte[] file) {
        return (file[18] & 0xff) | (file[19] & 0xff) << 8;
    }

    private static Path context(Path dir, Path busybox, List<String> applets) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("rootfs/bin"));
        Files.copy(busybox, bin.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
        for (String applet : applets) {
            Path link = bin.resolve(applet);
            if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, Path.of("busybox"));
            }
        }
        Path etc = Files.createDirectories(dir.resolve("rootfs/etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\n");
        Files.createDirectories(dir.resolve("rootfs/tmp"));
        Files.writeString(dir.resolve("Dockerfile"), """
                FROM scratch
                COPY rootfs/ /
                ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
                CMD ["sh"]
                """);
        return dir;
    }

    /** The applets of the host's busybox (the arm64 one is the same package version): one link each in /bin. */
    private static List<String> applets() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(AMD64.toString(), "--list").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("busybox --list failed: " + out);
        }
        return out.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.equals("busybox")).toList();
    }
}
