package io.jbuild.core.context;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds context directories for tests. */
final class Trees {

    private Trees() {
    }

    static Path file(Path root, String path, String content) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    static Path dir(Path root, String path) throws IOException {
        return Files.createDirectories(root.resolve(path));
    }

    static Path symlink(Path root, String path, String target) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        return Files.createSymbolicLink(p, Path.of(target));
    }

    /** Runs a shell command in {@code dir} (for names Java cannot spell, FIFOs). */
    static void sh(Path dir, String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/sh", "-c", script).directory(dir.toFile()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("sh failed: " + script + ": " + out);
        }
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The paths of a walk, as strings (the root is ""). */
    static List<String> paths(List<ContextEntry> entries) {
        List<String> out = new ArrayList<>();
        for (ContextEntry e : entries) {
            out.add(e.path().toString());
        }
        return out;
    }
}
