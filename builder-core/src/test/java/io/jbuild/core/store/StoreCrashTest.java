package io.jbuild.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.core.image.ImageIndex;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.core.image.OciJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A process dying at any point leaves a store that the next command reads fine. */
class StoreCrashTest {

    @TempDir
    Path root;

    private long tmpFiles() throws Exception {
        try (Stream<Path> s = Files.list(StorePaths.of(root).tmp())) {
            return s.count();
        }
    }

    @Test
    void leftoversOfAnInterruptedWriteAreHarmlessAndPruned() throws Exception {
        ImageStore store = ImageStore.open(root);
        store.tag(ImageReference.parse("kept"), TestImages.image(store, Instant.EPOCH, "a"));
        String indexBefore = Files.readString(root.resolve("oci/index.json"));

        // What a process killed mid-write leaves: a partial blob and a partial index.json, never renamed.
        Path oldBlob = root.resolve("tmp/blob-dead.tmp");
        Files.write(oldBlob, new byte[12345]);
        Path oldIndex = root.resolve("tmp/index.json-dead.tmp");
        Files.writeString(oldIndex, "{\"schemaVersion\":2,\"manif", StandardCharsets.UTF_8);
        FileTime twoHoursAgo = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
        Files.setLastModifiedTime(oldBlob, twoHoursAgo);
        Files.setLastModifiedTime(oldIndex, twoHoursAgo);
        Path young = root.resolve("tmp/blob-in-progress.tmp");
        Files.write(young, new byte[10]);

        ImageStore reopened = ImageStore.open(root);
        assertThat(Files.readString(root.resolve("oci/index.json"))).isEqualTo(indexBefore);
        assertThat(reopened.list()).hasSize(1);
        assertThat(reopened.resolve("kept").config()).isNotNull();

        PruneResult hourly = reopened.prune(Duration.ofHours(1));
        assertThat(hourly.deletedTempFiles()).isEqualTo(2);
        assertThat(hourly.reclaimedBytes()).isGreaterThanOrEqualTo(12345);
        assertThat(young).as("a write that may still be in progress").exists();
        assertThat(reopened.prune(Duration.ZERO).deletedTempFiles()).isEqualTo(1);
        assertThat(tmpFiles()).isZero();
        assertThat(reopened.resolve("kept").config()).isNotNull();
    }

    @Test
    @Timeout(60)
    void killMinus9WhileTaggingAndWriting() throws Exception {
        ImageStore.open(root);
        ChildJvm child = ChildJvm.start("churn", root.toString());
        assertThat(child.readLine()).isEqualTo("ready");
        Thread.sleep(300);
        child.process().destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
        assertThat(child.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

        ImageIndex index = OciJson.read(Files.readAllBytes(root.resolve("oci/index.json")), ImageIndex.class);
        assertThat(index.manifests()).isNotEmpty();
        ImageStore store = ImageStore.open(root);
        for (ImageSummary s : store.list()) {
            assertThat(store.resolve(s.refName()).imageId()).isEqualTo(s.id());
        }
        store.prune(Duration.ZERO);
        assertThat(tmpFiles()).isZero();
        for (ImageSummary s : store.list()) {
            assertThat(store.resolve(s.refName()).config()).isNotNull();
        }
        // The store keeps working after the crash: the lock died with the process.
        store.tag(ImageReference.parse("after"), TestImages.image(store, Instant.EPOCH, "after"));
        assertThat(store.lookup(ImageReference.parse("after"))).isPresent();
    }
}
