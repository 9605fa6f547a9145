package io.jbuild.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.cli.CliRunner;
import io.jbuild.core.registry.LocalRegistry;
import io.jbuild.core.store.ImageStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jbuild push} and {@code jbuild pull} killed with SIGKILL at points spread over their run: the local store
 * stays readable with no half tag, the registry holds the tag whole or not at all, and the next push or pull
 * completes with the same image.
 */
class TransferCrashTest {

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.open();

    @TempDir
    static Path tmp;
    static Path source;
    static String image;
    static String imageId;

    @BeforeAll
    static void anImageWithABigLayer() throws Exception {
        source = tmp.resolve("source");
        Files.createDirectories(source);
        Path context = Files.createDirectories(tmp.resolve("ctx"));
        Fixtures.writeRandom(context.resolve("big.bin"), 16L << 20, 3);
        Files.copy(Path.of("/bin/busybox"), context.resolve("busybox"));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY busybox /bin/busybox\nCOPY big.bin /big.bin\n");
        image = REGISTRY.host() + "/crash/app:1";
        ok(CliRunner.run("build", "-q", "--root", source.toString(), "--source-date-epoch", Fixtures.EPOCH, "-t", image,
                context.toString()));
        imageId = ImageStore.open(source).resolve(image).imageId().toString();
    }

    private static CliRunner.Outcome ok(CliRunner.Outcome o) {
        assertThat(o.exitCode()).as(o.err()).isZero();
        return o;
    }

    @Test
    @Timeout(180)
    void killMinus9HalfwayThroughAPushAndAPull() throws Exception {
        killPushes(1, "quick");
        killPulls(1, "quick");
    }

    @Test
    @Tag("reliability")
    @Timeout(1800)
    void killMinus9AtThirtyTwoPointsOfAPushAndOfAPull() throws Exception {
        killPushes(32, "many");
        killPulls(32, "many");
    }

    private void killPushes(int points, String name) throws Exception {
        long millis = timed("push", "-q", "--root", source.toString(), retag(name + "-measure"));
        List<String> report = new ArrayList<>();
        for (int i = 0; i < points; i++) {
            long at = millis * (2L * i + 1) / (2L * points);
            String target = retag(name + "-" + i);
            JbuildProcess push = JbuildProcess.start("push", "-q", "--root", source.toString(), target);
            Thread.sleep(at);
            report.add(at + " ms" + (push.isAlive() ? "" : " (had ended)"));
            push.kill9();

            // The pushing store is as it was; the registry has the tag whole or not at all.
            Set<String> tags = new HashSet<>();
            ImageStore.open(source).list().forEach(s -> tags.add(s.repository() + ":" + s.tag()));
            StoreAudit.assertReadable(source, tags);
            Path check = tmp.resolve("check-" + name + "-" + i);
            CliRunner.Outcome pulled = CliRunner.run("pull", "-q", "--root", check.toString(), target);
            if (pulled.exitCode() == 0) {
                assertThat(ImageStore.open(check).resolve(target).imageId()).hasToString(imageId);
            } else {
                assertThat(pulled.err()).as("a pull of a tag the killed push did not make")
                        .containsPattern("manifest unknown|name unknown|not found");
                assertThat(ImageStore.open(check).list()).isEmpty();
            }

            ok(CliRunner.run("push", "-q", "--root", source.toString(), target));
            Path after = tmp.resolve("after-" + name + "-" + i);
            ok(CliRunner.run("pull", "-q", "--root", after.toString(), target));
            assertThat(ImageStore.open(after).resolve(target).imageId()).hasToString(imageId);
            StoreAudit.assertReadable(after, Set.of(target));
            Fixtures.delete(check);
            Fixtures.delete(after);
        }
        System.out.println("TransferCrashTest: push of " + millis + " ms killed at " + report);
    }

    private void killPulls(int points, String name) throws Exception {
        String target = retag(name + "-pulled");
        ok(CliRunner.run("push", "-q", "--root", source.toString(), target));
        long millis = timed("pull", "-q", "--root", tmp.resolve("measure-" + name).toString(), target);
        List<String> report = new ArrayList<>();
        for (int i = 0; i < points; i++) {
            long at = millis * (2L * i + 1) / (2L * points);
            Path root = tmp.resolve("pull-" + name + "-" + i);
            JbuildProcess pull = JbuildProcess.start("pull", "-q", "--root", root.toString(), target);
            Thread.sleep(at);
            report.add(at + " ms" + (pull.isAlive() ? "" : " (had ended)"));
            pull.kill9();

            if (Files.exists(root.resolve("oci/index.json"))) {
                boolean tagged = !ImageStore.open(root).list().isEmpty();
                StoreAudit.assertReadable(root, tagged ? Set.of(target) : Set.of());
                if (tagged) {
                    assertThat(ImageStore.open(root).resolve(target).imageId()).hasToString(imageId);
                }
            }
            ok(CliRunner.run("pull", "-q", "--root", root.toString(), target));
            assertThat(ImageStore.open(root).resolve(target).imageId()).hasToString(imageId);
            StoreAudit.assertReadable(root, Set.of(target));
            ok(CliRunner.run("prune", "--root", root.toString()));
            StoreAudit.assertReadable(root, Set.of(target));
            Fixtures.delete(root);
        }
        System.out.println("TransferCrashTest: pull of " + millis + " ms killed at " + report);
    }

    /** Tags the image in the source store as {@code crash/NAME:1} in the registry; returns that reference. */
    private static String retag(String name) {
        String target = REGISTRY.host() + "/crash/" + name + ":1";
        ok(CliRunner.run("tag", "--root", source.toString(), image, target));
        return target;
    }

    /** Runs {@code jbuild ARGS} to its end in a process of its own; returns how long it took. */
    private static long timed(String... args) throws Exception {
        long t0 = System.nanoTime();
        JbuildProcess p = JbuildProcess.start(args);
        assertThat(p.waitFor(300)).as(p.output()).isZero();
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
