package io.jbuild.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.cli.CliRunner;
import io.jbuild.core.registry.LocalRegistry;
import io.jbuild.core.store.ImageStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds and pulls in separate {@code jbuild} processes sharing one store (its blobs, step cache, snapshots and
 * runtime state) at once: all succeed, the store stays sound, every tag names the image a build or pull alone
 * makes.
 */
class ConcurrentBuildsTest {

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.open();

    @TempDir
    static Path tmp;
    static Path base;
    static String pulled;
    static String pulledId;

    @BeforeAll
    static void baseAndRegistryImage() throws Exception {
        Fixtures.assumeRunc();
        base = Fixtures.base();
        Path context = context(99);
        Path store = tmp.resolve("pushed");
        Fixtures.copyStore(base, store);
        pulled = REGISTRY.host() + "/load/pulled:1";
        ok(CliRunner.run(Fixtures.buildArgs(store, pulled, context).toArray(String[]::new)));
        ok(CliRunner.run("push", "-q", "--root", store.toString(), pulled));
        pulledId = ImageStore.open(store).resolve(pulled).imageId().toString();
    }

    private static CliRunner.Outcome ok(CliRunner.Outcome o) {
        assertThat(o.exitCode()).as(o.err()).isZero();
        return o;
    }

    /** A context of its own: a file of random bytes copied in, and a RUN step that reads it and writes files. */
    private static Path context(int n) throws Exception {
        Path dir = tmp.resolve("ctx-" + n);
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Files.createDirectories(dir);
        Fixtures.writeRandom(dir.resolve("data.bin"), 3L << 20, n);
        Files.writeString(dir.resolve("Dockerfile"), """
                FROM %s
                COPY data.bin /data/data.bin
                RUN sha256sum /data/data.bin > /data/sum && echo %d > /data/n && mkdir -p /var/cache/x
                ENV N=%d
                """.formatted(Fixtures.BASE, n, n));
        return dir;
    }

    @Test
    @Timeout(300)
    void twoBuildsOfOneContextAndAPullAtOnce() throws Exception {
        concurrently(2, 1);
    }

    @Test
    @Tag("reliability")
    @Timeout(1200)
    void sixBuildsAndTwoPullsAtOnceFiveTimes() throws Exception {
        for (int round = 0; round < 5; round++) {
            concurrently(6, 2);
        }
    }

    /**
     * {@code builds} processes building {@code builds / 2} contexts (two per context, each with its own tag) and
     * {@code pulls} processes pulling the same image, all into one new store at once.
     */
    private void concurrently(int builds, int pulls) throws Exception {
        int contexts = Math.max(1, builds / 2);
        // The images each context gives when built alone.
        Map<Integer, String> serial = new HashMap<>();
        for (int c = 0; c < contexts; c++) {
            Path alone = tmp.resolve("alone-" + c);
            if (!Files.isDirectory(alone)) {
                Fixtures.copyStore(base, alone);
                ok(CliRunner.run(Fixtures.buildArgs(alone, "alone:1", context(c)).toArray(String[]::new)));
            }
            serial.put(c, ImageStore.open(alone).resolve("alone:1").imageId().toString());
        }

        Path root = tmp.resolve("shared");
        Fixtures.delete(root);
        Fixtures.copyStore(base, root);
        List<JbuildProcess> processes = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < builds; i++) {
            String tag = "load-" + i + ":1";
            tags.add(tag);
            processes.add(JbuildProcess.start(Fixtures.buildArgs(root, tag, context(i % contexts)).toArray(String[]::new)));
        }
        for (int i = 0; i < pulls; i++) {
            processes.add(JbuildProcess.start("pull", "-q", "--root", root.toString(), pulled));
        }
        for (JbuildProcess p : processes) {
            assertThat(p.waitFor(600)).as(p.output()).isZero();
        }

        ImageStore store = ImageStore.open(root);
        for (int i = 0; i < builds; i++) {
            assertThat(store.resolve(tags.get(i)).imageId()).as(tags.get(i)).hasToString(serial.get(i % contexts));
        }
        assertThat(store.resolve(pulled).imageId()).hasToString(pulledId);
        Set<String> expected = new HashSet<>(tags);
        expected.add(Fixtures.BASE);
        expected.add(pulled);
        StoreAudit.assertReadable(root, expected);
        StoreAudit.assertNoRunLeftovers(root);
        assertThat(StoreAudit.tempFiles(root)).as("temporary files").isEmpty();
        ok(CliRunner.run("prune", "--root", root.toString()));
        StoreAudit.assertReadable(root, expected);
    }
}
