package io.jbuild.core.container;

import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.StorePaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What conmon runs once a container's process has exited ({@code --exit-command}), as podman runs
 * {@code podman container cleanup}: a JVM of its own settles the container under the store's lock, so its network,
 * root mount and runtime state are released at once rather than at the next jbuild command, and removes it when it
 * was run with {@code -d --rm}. It is only a shortcut: without it (no JVM found, killed, failed) the next command
 * settles the container the same way.
 */
public final class ExitCommand {

    private ExitCommand() {
    }

    /** {@code STORE-ROOT ID}; exit code 0 also when the container is gone already (removed meanwhile). */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: ExitCommand STORE-ROOT CONTAINER-ID");
            System.exit(2);
        }
        Path root = Path.of(args[0]);
        if (!Files.isDirectory(StorePaths.of(root).containers().resolve(args[1]))) {
            // removed meanwhile (rm -f, or the whole store deleted): opening the store would make it anew
            System.exit(0);
        }
        try {
            new Containers(ImageStore.open(root)).cleanup(args[1]);
        } catch (IOException | RuntimeException e) {
            System.err.println("jbuild: cleanup of container " + args[1] + ": " + e.getMessage());
            System.exit(1);
        }
        System.exit(0);
    }

    /**
     * The command line that runs {@link #main} for container {@code id}: this JVM's java binary and class path (the
     * launcher's jar, or a test's class path), its class archive if it maps one (the same jar, so it matches), and the
     * launcher's start-up options for short-lived commands. Empty when this JVM's class path does not hold this class
     * (jbuild embedded in another program, such as Maven): then the next command settles the container.
     */
    static Optional<List<String>> command(Path storeRoot, String id) {
        ProcessHandle.Info self = ProcessHandle.current().info();
        Optional<String> java = self.command().filter(c -> Files.isExecutable(Path.of(c)));
        String classPath = System.getProperty("java.class.path", "");
        if (java.isEmpty() || classPath.isEmpty() || !onClassPath()) {
            return Optional.empty();
        }
        List<String> cmd = new ArrayList<>(List.of(java.get(), "-Xlog:disable", "-Xlog:all=error:stderr",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Xmx64m"));
        for (String arg : self.arguments().orElse(new String[0])) {
            // the launcher's class-archive options, in its order (the unlock before the diagnostic ones)
            if (arg.startsWith("-XX:SharedArchiveFile=") || arg.startsWith("-XX:AOTCache=")
                    || arg.startsWith("-Xshare:") || arg.equals("-XX:+UnlockDiagnosticVMOptions")
                    || arg.startsWith("-XX:ArchiveRelocationMode=") || arg.equals("-XX:-BytecodeVerificationRemote")) {
                cmd.add(arg);
            }
        }
        cmd.addAll(List.of("-cp", classPath, ExitCommand.class.getName(), storeRoot.toAbsolutePath().toString(), id));
        return Optional.of(cmd);
    }

    /** Whether this class comes from the class path (not from a class loader of a host program such as Maven). */
    private static boolean onClassPath() {
        return ExitCommand.class.getClassLoader() == ClassLoader.getSystemClassLoader();
    }
}
