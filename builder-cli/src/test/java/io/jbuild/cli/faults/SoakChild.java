package io.jbuild.cli.faults;

import io.jbuild.core.build.BuildListener;
import io.jbuild.core.build.BuildRequest;
import io.jbuild.core.build.ImageBuilder;
import io.jbuild.core.snapshot.Mounts;
import io.jbuild.core.store.ImageStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * The soak test's JVM (run with a small heap): {@code SoakChild STORE WORK ITERATIONS SPARSE_BYTES}. Builds a
 * changing context ITERATIONS times in process with one long-lived {@link ImageBuilder}, as a library user would,
 * pruning blobs and snapshots every tenth build; then a context holding a sparse file of SPARSE_BYTES. Prints "soak KEY VALUE" lines:
 * open file descriptors, threads and mounts at the start and the end, store sizes, times.
 */
public final class SoakChild {

    private SoakChild() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Path work = Path.of(args[1]);
        int iterations = Integer.parseInt(args[2]);
        long sparse = Long.parseLong(args[3]);
        ImageStore store = ImageStore.open(root);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        ImageBuilder builder = new ImageBuilder(store, pool, 2);
        Path context = Files.createDirectories(work.resolve("soak-ctx"));
        Files.writeString(context.resolve("Dockerfile"), """
                FROM %s
                ARG I
                COPY data.bin /data/data.bin
                RUN wc -c /data/data.bin > /data/size && echo "$I" > /data/i
                """.formatted(Fixtures.BASE));
        long t0 = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            Fixtures.writeRandom(context.resolve("data.bin"), 256 * 1024 + i, i);
            builder.build(BuildRequest.builder(context).tags(List.of("soak:latest"))
                    .buildArgs(Map.of("I", String.valueOf(i))).build(), BuildListener.SILENT);
            if (i % 10 == 9) {
                store.prune(Duration.ZERO);
                builder.pruneSnapshots();
            }
            if (i == 9) { // the steady state: every class loaded, every pool started
                print("fds-start", fds());
                print("threads-start", ManagementFactory.getThreadMXBean().getThreadCount());
                print("mounts-start", Mounts.under(root).size());
                print("oci-bytes-at-10", size(root.resolve("oci")));
                print("snapshot-bytes-at-10", size(root.resolve("snapshots")));
            }
        }
        print("build-ms-each", (System.nanoTime() - t0) / 1_000_000 / Math.max(1, iterations));
        store.prune(Duration.ZERO);
        builder.pruneSnapshots();
        print("oci-bytes-end", size(root.resolve("oci")));
        print("snapshot-bytes-end", size(root.resolve("snapshots")));
        print("cache-bytes-end", size(root.resolve("cache")));

        // A context of one sparse file far larger than the heap: it must stream through.
        Path big = Files.createDirectories(work.resolve("sparse-ctx"));
        try (RandomAccessFile f = new RandomAccessFile(big.resolve("sparse.bin").toFile(), "rw")) {
            f.setLength(sparse);
            f.seek(sparse / 2);
            f.write("in the middle".getBytes(StandardCharsets.US_ASCII));
        }
        Files.writeString(big.resolve("Dockerfile"), "FROM scratch\nCOPY sparse.bin /sparse.bin\n");
        long t1 = System.nanoTime();
        builder.build(BuildRequest.builder(big).tags(List.of("sparse:1")).build(), BuildListener.SILENT);
        print("sparse-build-ms", (System.nanoTime() - t1) / 1_000_000);
        print("sparse-layer-bytes", store.resolve("sparse:1").manifest().layers().get(0).size());
        Files.delete(big.resolve("sparse.bin"));

        System.gc();
        print("fds-end", fds());
        print("threads-end", ManagementFactory.getThreadMXBean().getThreadCount());
        print("mounts-end", Mounts.under(root).size());
        print("heap-max-bytes", Runtime.getRuntime().maxMemory());
        pool.shutdown();
        System.out.println("soak done");
    }

    private static void print(String key, long value) {
        System.out.println("soak " + key + " " + value);
        System.out.flush();
    }

    private static long fds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    private static long size(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
    }
}
