package io.jbuild.core.snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Mounting and unmounting with the host's {@code mount} tools (we run as root), and the mount table of this
 * process's mount namespace, read from {@code /proc/self/mountinfo}.
 */
public final class Mounts {

    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private Mounts() {
    }

    /**
     * {@code mount -t type -o options source target}, run in {@code cwd} so that relative paths in the options
     * (overlay's lowerdir) resolve there and keep the option string short.
     */
    public static void mount(String type, String source, String options, Path target, Path cwd) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("mount", "-t", type));
        if (!options.isEmpty()) {
            cmd.addAll(List.of("-o", options));
        }
        cmd.addAll(List.of(source, target.toString()));
        HostCommand.check(cmd, cwd, "cannot mount " + type + " at " + target);
    }

    /**
     * Unmounts {@code target}; a mount still busy after a few tries is detached lazily, so that cleanup never
     * hangs and the directory can be removed.
     */
    public static void unmount(Path target) throws IOException {
        HostCommand.Result r = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            r = HostCommand.run(List.of("umount", target.toString()), null);
            if (r.ok() || !isMountPoint(target)) {
                return;
            }
            sleep(20L << attempt);
        }
        HostCommand.Result lazy = HostCommand.run(List.of("umount", "-l", target.toString()), null);
        if (!lazy.ok() && isMountPoint(target)) {
            throw new IOException("cannot unmount " + target + ": " + r.output() + "; " + lazy.output());
        }
    }

    /** Unmounts every mount at or below {@code dir}, deepest first. */
    public static void unmountAll(Path dir) throws IOException {
        IOException failure = null;
        for (Path p : under(dir)) {
            try {
                unmount(p);
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The mount points at or below {@code dir}, deepest (and most recently mounted) first. */
    public static List<Path> under(Path dir) throws IOException {
        Path base = dir.toAbsolutePath().normalize();
        List<Path> found = new ArrayList<>();
        for (String line : Files.readAllLines(MOUNTINFO, StandardCharsets.UTF_8)) {
            String[] f = line.split(" ");
            if (f.length > 4) {
                Path p = Path.of(unescape(f[4]));
                if (p.startsWith(base)) {
                    found.add(p);
                }
            }
        }
        List<Path> ordered = new ArrayList<>();
        for (int i = found.size() - 1; i >= 0; i--) {
            ordered.add(found.get(i));
        }
        ordered.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        return ordered;
    }

    /** The mount points of every overlay file system mounted now. */
    static List<Path> overlays() throws IOException {
        List<Path> found = new ArrayList<>();
        for (String line : Files.readAllLines(MOUNTINFO, StandardCharsets.UTF_8)) {
            String[] f = line.split(" ");
            int dash = Arrays.asList(f).indexOf("-");
            if (f.length > 4 && dash > 0 && dash + 1 < f.length && f[dash + 1].equals("overlay")) {
                found.add(Path.of(unescape(f[4])));
            }
        }
        return found;
    }

    public static boolean isMountPoint(Path p) throws IOException {
        return under(p).contains(p.toAbsolutePath().normalize());
    }

    /** mountinfo escapes space, tab, newline and backslash as three octal digits. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // cleanup goes on; the caller sees the flag
        }
    }
}
