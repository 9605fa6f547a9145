package io.jbuild.cli.faults;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 200 builds in one JVM with a 256 MiB heap, then a 2 GiB context: nothing accumulates (file descriptors,
 * threads, mounts, blobs and unpacked layers after prune), and a file eight times the heap streams into a layer.
 */
@Tag("reliability")
class SoakTest {

    @TempDir
    Path tmp;

    @Test
    @Timeout(3600)
    void twoHundredBuildsAndATwoGigabyteContextUnderA256MegabyteHeap() throws Exception {
        Fixtures.assumeRunc();
        Path root = tmp.resolve("store");
        Fixtures.copyStore(Fixtures.base(), root);
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", classPath, SoakChild.class.getName(),
                root.toString(), tmp.toString(), "200", String.valueOf(2L << 30)));
        long t0 = System.nanoTime();
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new String(child.getInputStream().readAllBytes(), UTF_8).lines().toList();
        assertThat(child.waitFor(60, TimeUnit.MINUTES)).isTrue();
        long seconds = (System.nanoTime() - t0) / 1_000_000_000;
        System.out.println("SoakTest: " + seconds + " s\n" + String.join("\n", lines));
        assertThat(child.exitValue()).as(String.join("\n", lines)).isZero();
        assertThat(lines).contains("soak done");

        Map<String, Long> n = new HashMap<>();
        lines.stream().filter(l -> l.startsWith("soak ") && l.split(" ").length == 3)
                .forEach(l -> n.put(l.split(" ")[1], Long.parseLong(l.split(" ")[2])));
        assertThat(n.get("fds-end")).as("open files").isLessThanOrEqualTo(n.get("fds-start") + 8);
        assertThat(n.get("threads-end")).as("threads").isLessThanOrEqualTo(n.get("threads-start") + 4);
        assertThat(n.get("mounts-end")).as("mounts").isZero();
        assertThat(n.get("mounts-start")).isZero();
        // After prune the store holds one image's worth of blobs (plus the 2 GiB file's small gzip).
        assertThat(n.get("oci-bytes-end")).as("blobs after prune")
                .isLessThanOrEqualTo(2 * n.get("oci-bytes-at-10") + (16L << 20));
        assertThat(n.get("snapshot-bytes-end")).as("unpacked layers after prune")
                .isLessThanOrEqualTo(2 * n.get("snapshot-bytes-at-10") + (4L << 20));
        assertThat(n.get("sparse-layer-bytes")).isPositive();
        StoreAudit.assertNoRunLeftovers(root);
    }
}
