import io.jbuild.core.layer.LayerApplier;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes the metadata-only snapshot of one layer blob (as a COPY onto a base does) in a fresh JVM and prints the wall
 * time, the CPU time of the calling thread and of the whole process: the calling thread's is what the layer costs the
 * build's own thread, the rest is the inflating thread's (and the JIT's).
 */
public final class LayerRead {
    public static void main(String[] args) throws Exception {
        Path blob = Path.of(args[0]);
        Path dir = Files.createTempDirectory(Path.of(args[1]), "layer-read");
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var threads = ManagementFactory.getThreadMXBean();
        long process = os.getProcessCpuTime();
        long thread = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        String diffId;
        try (InputStream in = Files.newInputStream(blob)) {
            diffId = LayerApplier.metadataOnly(1L << 40, LayerApplier.Form.OVERLAY, 64 << 10).apply(in, dir);
        }
        System.out.printf("%d ms wall, %d ms CPU on the calling thread, %d ms CPU in the process, %s%n",
                (System.nanoTime() - wall) / 1_000_000, (threads.getCurrentThreadCpuTime() - thread) / 1_000_000,
                (os.getProcessCpuTime() - process) / 1_000_000, diffId);
        new ProcessBuilder("rm", "-rf", dir.toString()).inheritIO().start().waitFor();
    }
}
