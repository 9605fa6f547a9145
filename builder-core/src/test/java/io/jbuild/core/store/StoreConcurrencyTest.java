package io.jbuild.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.core.image.Descriptor;
import io.jbuild.core.image.ImageIndex;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.core.image.OciJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Threads and processes tagging into one store at once: no tag is lost, index.json stays valid. */
class StoreConcurrencyTest {

    @TempDir
    Path root;

    @Test
    @Timeout(120)
    void threadsAndProcessesTaggingTogetherLoseNothing() throws Exception {
        int processes = 3;
        int threads = 4;
        int perWorker = 15;
        ImageStore.open(root); // create the layout before the workers race to

        List<ChildJvm> children = new ArrayList<>();
        for (int p = 0; p < processes; p++) {
            children.add(ChildJvm.start("tag", root.toString(), "proc" + p, String.valueOf(perWorker)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String name = "thread" + t;
            // Two store instances on the same root, as two libraries in one JVM would have.
            ImageStore store = ImageStore.open(root);
            futures.add(pool.submit(() -> {
                for (int i = 0; i < perWorker; i++) {
                    Descriptor image = TestImages.image(store, Instant.EPOCH.plusSeconds(i), name + "/" + i);
                    store.tag(ImageReference.parse("localhost/" + name + ":" + i), image);
                    // Readers never see a half-written index.
                    OciJson.read(Files.readAllBytes(root.resolve("oci/index.json")), ImageIndex.class);
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(100, TimeUnit.SECONDS);
        }
        pool.shutdown();
        for (ChildJvm child : children) {
            assertThat(child.readLine()).isEqualTo("done");
            assertThat(child.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(child.process().exitValue()).isZero();
        }

        Set<String> expected = new HashSet<>();
        for (int p = 0; p < processes; p++) {
            for (int i = 0; i < perWorker; i++) {
                expected.add("localhost/proc" + p + ":" + i);
            }
        }
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perWorker; i++) {
                expected.add("localhost/thread" + t + ":" + i);
            }
        }
        ImageIndex index = OciJson.read(Files.readAllBytes(root.resolve("oci/index.json")), ImageIndex.class);
        assertThat(index.manifests()).extracting(d -> d.refName().orElseThrow())
                .containsExactlyInAnyOrderElementsOf(expected);
        ImageStore store = ImageStore.open(root);
        for (String name : expected) {
            assertThat(store.resolve(name).config().rootfs().diffIds()).hasSize(1);
        }
        assertThat(store.prune(Duration.ZERO).deletedBlobs()).isEmpty();
        try (var tmp = Files.list(StorePaths.of(root).tmp())) {
            assertThat(tmp).isEmpty();
        }
    }
}
