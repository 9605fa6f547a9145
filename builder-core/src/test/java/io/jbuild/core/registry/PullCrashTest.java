package io.jbuild.core.registry;

import static io.jbuild.core.registry.TestImages.ref;
import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.image.ImageIndex;
import io.jbuild.core.image.OciJson;
import io.jbuild.core.registry.FaultyProxy.Fault;
import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.StorePaths;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pull killed with SIGKILL mid-download leaves a store the next command reads, whose opening removes the partial
 * download, and the next pull finishes.
 */
class PullCrashTest {

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.open();

    @TempDir
    Path tmp;

    @Test
    @Timeout(60)
    void killMinus9DuringAPull() throws Exception {
        ImageStore local = TestImages.store(tmp.resolve("a"));
        String direct = REGISTRY.host() + "/test/big:1";
        TestImages.busybox(local, tmp, direct, 3_000_000);
        new ImagePusher(local, TestImages.options(tmp)).push(ref(direct), TransferListener.SILENT);
        Digest big = local.resolve(direct).manifest().layers().get(1).digest();

        Path root = tmp.resolve("b");
        try (FaultyProxy proxy = FaultyProxy.start(REGISTRY.port())) {
            // The big layer's download hangs after 64 KiB, so the child is surely mid-pull when killed.
            proxy.fail(Fault.STALL, 100, l -> l.startsWith("GET ") && l.contains(big.encoded()));
            Process child = startChild(root, proxy.host() + "/test/big:1");
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8));
                assertThat(out.readLine()).isEqualTo("downloading");
                Thread.sleep(200);
            } finally {
                child.destroyForcibly(); // SIGKILL: no finally blocks, no shutdown hooks
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
        }

        // The next command reads the store fine: valid index, no tag of the half-pulled image, sound blobs.
        ImageIndex index = OciJson.read(Files.readAllBytes(root.resolve("oci/index.json")), ImageIndex.class);
        assertThat(index.manifests()).isEmpty();
        StoreChecks.assertConsistent(root);
        ImageStore store = ImageStore.open(root);
        assertThat(store.list()).isEmpty();
        assertThat(store.blobs().has(big)).isFalse();
        try (Stream<Path> partial = Files.list(StorePaths.of(root).tmp())) {
            assertThat(partial).as("the interrupted download's temporary file, removed by opening the store")
                    .isEmpty();
        }

        // And the next pull completes, reusing what the killed one had finished.
        PullResult again = new ImagePuller(store, TestImages.options(tmp)).pull(ref(direct), TransferListener.SILENT);
        assertThat(again.downloaded() + again.alreadyInStore()).isEqualTo(3);
        assertThat(again.downloaded()).isGreaterThanOrEqualTo(1);
        assertThat(store.resolve(direct).imageId()).isEqualTo(local.resolve(direct).imageId());
        StoreChecks.assertConsistent(root);
        assertThat(store.prune(Duration.ZERO).deletedTempFiles()).as("nothing left for prune").isZero();
        assertThat(store.resolve(direct).imageId()).isEqualTo(local.resolve(direct).imageId());
    }

    private Process startChild(Path root, String reference) throws Exception {
        // Surefire puts the real class path here; its own java.class.path may be a manifest-only jar.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", classPath, PullChild.class.getName(),
                root.toString(), tmp.toString(), reference));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
