package io.jbuild.core.container.exec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jbuild.core.image.OciJson;
import io.jbuild.core.snapshot.HostCommand;
import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Consumer;

/**
 * A detached runc container over a busybox root (Debian's static busybox), made with {@code runc spec} and
 * started with {@code runc run -d}: what a container of {@code jbuild run -d} is to exec and port publishing.
 */
public final class BusyboxContainer implements AutoCloseable {

    public final Path runtimeRoot;
    public final Path bundle;
    public final Path rootfs;
    public final String id;

    private BusyboxContainer(Path runtimeRoot, Path bundle, String id) {
        this.runtimeRoot = runtimeRoot;
        this.bundle = bundle;
        this.rootfs = bundle.resolve("rootfs");
        this.id = id;
    }

    /**
     * Starts {@code args} in a container of its own under {@code dir}; {@code netns}, if not null, is the network
     * namespace it joins. {@code edit} may change the spec first (user, env, cwd, capabilities).
     */
    public static BusyboxContainer start(Path dir, String id, List<String> args, Path netns,
                                         Consumer<ObjectNode> edit) throws IOException {
        Path bundle = Files.createDirectories(dir.resolve("bundle"));
        Path rootfs = Files.createDirectories(bundle.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        // busybox --install would link to the host's path of busybox: relative links instead
        for (String applet : HostCommand.check(List.of("/bin/busybox", "--list"), null, "busybox --list").split("\n")) {
            if (!applet.isBlank() && !applet.equals("busybox")) {
                Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet.strip()), Path.of("busybox"));
            }
        }
        for (String d : List.of("etc", "tmp", "proc", "sys", "dev", "home/app", "www")) {
            Files.createDirectories(rootfs.resolve(d));
        }
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n"
                + "app:x:1000:1001::/home/app:/bin/sh\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\napp:x:1001:\nextra:x:1002:app\n");
        HostCommand.check(List.of("runc", "spec", "--bundle", bundle.toString()), null, "runc spec");
        ObjectNode spec = (ObjectNode) OciJson.readTree(Files.readAllBytes(bundle.resolve("config.json")));
        ObjectNode process = (ObjectNode) spec.get("process");
        process.put("terminal", false);
        ArrayNode a = process.putArray("args");
        args.forEach(a::add);
        ((ObjectNode) spec.get("root")).put("readonly", false);
        if (netns != null) {
            for (var ns : spec.get("linux").get("namespaces")) {
                if (ns.get("type").asText().equals("network")) {
                    ((ObjectNode) ns).put("path", netns.toString());
                }
            }
        }
        if (edit != null) {
            edit.accept(spec);
        }
        Files.write(bundle.resolve("config.json"), OciJson.writeTree(spec));
        Path runtimeRoot = dir.resolve("runc");
        BusyboxContainer c = new BusyboxContainer(runtimeRoot, bundle, id);
        Process p = new ProcessBuilder("runc", "--root", runtimeRoot.toString(), "run", "-d", "--bundle",
                bundle.toString(), id)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(dir.resolve("container.log").toFile())
                .redirectErrorStream(true)
                .start();
        try {
            if (p.waitFor() != 0) {
                throw new IOException("runc run -d failed: " + Files.readString(dir.resolve("container.log")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        }
        return c;
    }

    /** {@code runc kill ID KILL} and waits until it is stopped. */
    public void stop() throws IOException, InterruptedException {
        HostCommand.run(List.of("runc", "--root", runtimeRoot.toString(), "kill", id, "KILL"), null);
        for (int i = 0; i < 100 && !HostCommand.run(List.of("runc", "--root", runtimeRoot.toString(), "state", id),
                null).output().contains("\"stopped\""); i++) {
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws IOException {
        HostCommand.run(List.of("runc", "--root", runtimeRoot.toString(), "delete", "--force", id), null);
    }
}
