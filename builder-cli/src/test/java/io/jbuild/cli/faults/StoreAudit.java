package io.jbuild.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.cli.CliRunner;
import io.jbuild.core.image.Descriptor;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.ImageSummary;
import io.jbuild.core.store.ResolvedImage;
import io.jbuild.core.snapshot.HostCommand;
import io.jbuild.core.snapshot.Mounts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What a store must look like after a fault: readable by us and by skopeo, tags whole, nothing of a run left. */
final class StoreAudit {

    private StoreAudit() {
    }

    /**
     * Every blob holds what its name says; every tag reaches a manifest, config and layers that are all present;
     * {@code jbuild images} lists exactly {@code tags}; skopeo reads every tag.
     */
    static void assertReadable(Path root, Set<String> tags) throws IOException, InterruptedException {
        ImageStore store = ImageStore.open(root);
        for (Digest d : store.blobs().list()) {
            try (InputStream in = store.blobs().open(d)) {
                assertThat(Digest.of(in)).as("content of blob %s", d).isEqualTo(d);
            }
        }
        Set<String> listed = new TreeSet<>();
        for (ImageSummary s : store.list()) {
            ResolvedImage image = store.resolve(s.refName());
            assertThat(store.blobs().has(image.imageId())).isTrue();
            for (Descriptor l : image.manifest().layers()) {
                assertThat(store.blobs().has(l.digest())).as("layer %s of %s", l.digest(), s.refName()).isTrue();
            }
            listed.add(s.refName());
            skopeoInspect(root, s.refName());
        }
        Set<String> expected = new TreeSet<>();
        tags.forEach(t -> expected.add(ImageReference.parse(t).toString()));
        assertThat(listed).as("tags in the store").isEqualTo(expected);
        CliRunner.Outcome images = CliRunner.run("images", "--root", root.toString());
        assertThat(images.exitCode()).as(images.err()).isZero();
        Set<String> rows = new TreeSet<>();
        images.out().lines().skip(1).map(l -> l.split("\\s+")).forEach(w -> rows.add(w[0] + ":" + w[1]));
        assertThat(rows).as("jbuild images:\n%s", images.out()).isEqualTo(new TreeSet<>(tags));
    }

    private static void skopeoInspect(Path root, String refName) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of("/usr/bin/skopeo"))) {
            return;
        }
        Process p = new ProcessBuilder("skopeo", "inspect", "--raw", "oci:" + root.resolve("oci") + ":" + refName)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("skopeo inspect %s: %s", refName, out).isZero();
    }

    /** Nothing of a RUN step is mounted under the store, running in its runtime, or left in its work directories. */
    static void assertNoRunLeftovers(Path root) throws IOException {
        List<String> found = new ArrayList<>();
        // The root itself may be a mount point (a tmpfs of the disk-full test): only what is below it counts.
        Mounts.under(root).stream().filter(m -> !m.equals(root)).forEach(m -> found.add("mount " + m));
        Path runtime = root.resolve("run/runtime");
        if (Files.isDirectory(runtime)) {
            String list = HostCommand.check(List.of("runc", "--root", runtime.toString(), "list", "-q"), null, "runc list");
            list.lines().filter(l -> !l.isBlank()).forEach(c -> found.add("container " + c));
        }
        for (String dir : List.of("run/runs", "build", "snapshots/tmp")) {
            Path d = root.resolve(dir);
            if (Files.isDirectory(d)) {
                try (Stream<Path> s = Files.list(d)) {
                    s.forEach(p -> found.add("file " + p));
                }
            }
        }
        assertThat(found).as("what RUN steps left in %s", root).isEmpty();
    }

    /** Temporary files of interrupted writes in the store's tmp directory. */
    static List<Path> tempFiles(Path root) throws IOException {
        Path tmp = root.resolve("tmp");
        if (!Files.isDirectory(tmp)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(tmp)) {
            return s.toList();
        }
    }
}
