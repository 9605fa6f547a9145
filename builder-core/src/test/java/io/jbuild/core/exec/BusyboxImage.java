package io.jbuild.core.exec;

import io.jbuild.core.layer.Compression;
import io.jbuild.core.layer.LayerBlob;
import io.jbuild.core.layer.LayerEntry;
import io.jbuild.core.layer.LayerWriter;
import io.jbuild.core.snapshot.SnapshotStore;
import io.jbuild.core.snapshot.TestTar;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The tests' base image, built the way a Dockerfile would: {@code FROM scratch}, {@code COPY} of Debian's static
 * busybox to /bin/busybox, {@code RUN ["/bin/busybox", "--install", "-s", "/bin"]}.
 */
final class BusyboxImage {

    static final Path BUSYBOX = Path.of("/bin/busybox");

    private BusyboxImage() {
    }

    /** Builds it into the store; returns its diff IDs, bottom first. */
    static List<String> build(RunExecutor executor, SnapshotStore store, Path work) throws Exception {
        TestTar.Layer copy = new TestTar().dir("bin").hostFile("bin/busybox", BUSYBOX, 0755).build();
        store.unpack(copy.diffId(), copy.open());
        List<String> layers = new ArrayList<>(List.of(copy.diffId()));
        RunSpec install = RunSpec.of(layers, List.of("/bin/busybox", "--install", "-s", "/bin"));
        try (RunResult r = executor.run(install, OutputSink.DISCARD)) {
            if (r.exitCode() != 0) {
                throw new IllegalStateException("busybox --install failed: " + r.lastLines());
            }
            layers.add(commit(r.diff(), store, work));
        }
        return layers;
    }

    /** Writes a step's diff as a layer, unpacks it into the store, returns its diff ID. */
    static String commit(Iterator<LayerEntry> diff, SnapshotStore store, Path work) throws IOException {
        LayerBlob blob = new LayerWriter(Compression.GZIP, null, 1).write(diff, work);
        try (InputStream in = Files.newInputStream(blob.file())) {
            store.unpack(blob.diffId(), in);
        } finally {
            Files.deleteIfExists(blob.file());
        }
        return blob.diffId();
    }
}
