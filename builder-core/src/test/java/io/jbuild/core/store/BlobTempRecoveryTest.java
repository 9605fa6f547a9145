package io.jbuild.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.grammar.reference.Digest;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening the store removes the temporary files of blob writers that were killed, and only those: a writer alive
 * in another process, or in this one, keeps its file and commits it afterwards.
 */
class BlobTempRecoveryTest {

    @TempDir
    Path tmp;

    @Test
    @Timeout(60)
    void openingTheStoreRemovesAKilledWritersTempFileAndSparesLiveOnes() throws Exception {
        Path root = tmp.resolve("store");
        ImageStore.open(root);
        ChildJvm killed = ChildJvm.start("write", root.toString());
        ChildJvm alive = ChildJvm.start("write", root.toString());
        try {
            assertThat(killed.readLine()).isEqualTo("writing");
            assertThat(alive.readLine()).isEqualTo("writing");
            List<Path> both = tempFiles(root);
            assertThat(both).hasSize(2);
            killed.process().destroyForcibly(); // SIGKILL: its writer never closes
            assertThat(killed.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

            try (BlobWriter mine = ImageStore.open(root).blobs().writer()) { // opening recovers
                mine.write(1);
                List<Path> left = tempFiles(root);
                assertThat(left).as("the live child's file and this JVM's").hasSize(2);
                assertThat(both).as("of the children's files, one is gone").containsAnyElementsOf(left);
                assertThat(ImageStore.open(root).blobs().recover()).as("this JVM's writer is spared").isZero();
                assertThat(tempFiles(root)).hasSize(2);
            }

            // The live child's file was not touched: it commits whole.
            Writer in = new OutputStreamWriter(alive.process().getOutputStream(), StandardCharsets.UTF_8);
            in.write("commit\n");
            in.flush();
            String digest = alive.readLine();
            assertThat(alive.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(alive.process().exitValue()).isZero();
            assertThat(ImageStore.open(root).blobs().readAll(Digest.parse(digest), 100))
                    .isEqualTo("partial".getBytes(StandardCharsets.UTF_8));
            assertThat(tempFiles(root)).isEmpty();
        } finally {
            killed.process().destroyForcibly();
            alive.process().destroyForcibly();
        }
    }

    @Test
    void onlyFilesNamedAsAWritersAreRecovered() throws Exception {
        Path root = tmp.resolve("store");
        ImageStore store = ImageStore.open(root);
        Path dir = StorePaths.of(root).tmp();
        // A dead writer's name (no lock held on it) goes; names a writer never makes stay.
        List<String> kept = List.of("blob-x-1.tmp", "blob-12.tmp", "blob--1.tmp", "blob-12-.tm", "blob-1-a.part",
                "other-1-a.tmp", "blob-.tmp");
        for (String name : kept) {
            Files.writeString(dir.resolve(name), name);
        }
        Files.writeString(dir.resolve("blob-4194305-a.tmp"), "dead");
        Files.writeString(dir.resolve("blob-4194306-.tmp"), "dead");
        assertThat(store.blobs().recover()).isEqualTo(2);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).containsExactlyInAnyOrderElementsOf(kept);
        }
    }

    private static List<Path> tempFiles(Path root) throws Exception {
        try (Stream<Path> files = Files.list(StorePaths.of(root).tmp())) {
            return files.filter(f -> f.getFileName().toString().startsWith("blob-")).toList();
        }
    }
}
