package io.jbuild.core.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The few facts about a process that container commands check, read from {@code /proc} one file at a time.
 * {@link ProcessHandle.Info} reads the process's stat, executable link, command line and owner (a look-up in
 * /etc/passwd) whichever one is asked for, and {@link ProcessHandle#children()} reads the stat of every process on
 * the machine: a {@code ps} checked each running container that way, and a start scanned all of /proc every 10 ms
 * while it waited for runc.
 */
final class ProcFs {

    /** Clock ticks per second of /proc's times: USER_HZ, 100 on every Linux architecture the JDK runs on. */
    private static final long TICKS = 100;
    private static final Path PROC = Path.of("/proc");

    private final long bootMillis;

    private ProcFs(long bootMillis) {
        this.bootMillis = bootMillis;
    }

    /** The machine's /proc, its boot time read once. */
    static ProcFs host() {
        return new ProcFs(bootMillis());
    }

    /**
     * When process {@code pid} started, in milliseconds since the epoch, computed as the JDK computes
     * {@link ProcessHandle.Info#startInstant()} (boot time plus the stat's start ticks), so the two compare; empty when
     * there is no such process.
     */
    OptionalLong startMillis(long pid) {
        if (pid <= 0) {
            return OptionalLong.empty();
        }
        String stat;
        try {
            stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return OptionalLong.empty(); // gone (or never was)
        }
        // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so fields count from its last ')';
        // starttime is the 22nd field, the 20th after comm
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 21);
        if (fields.length < 21) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(bootMillis + Long.parseLong(fields[19]) * 1000 / TICKS);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The process's arguments joined by spaces, as {@link ProcessHandle.Info#commandLine()} gives them. */
    static Optional<String> commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
            int end = raw.length;
            while (end > 0 && raw[end - 1] == 0) {
                end--;
            }
            if (end == 0) {
                return Optional.empty(); // a zombie, or a kernel thread
            }
            for (int i = 0; i < end; i++) {
                if (raw[i] == 0) {
                    raw[i] = ' ';
                }
            }
            return Optional.of(new String(raw, 0, end, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The children of process {@code pid}: what the kernel keeps in {@code task/TID/children} for each of its threads
     * (one or two files for conmon), not the whole process table; through {@link ProcessHandle#children()} on a
     * kernel without those files.
     */
    static List<ProcessHandle> children(long pid) {
        Path tasks = PROC.resolve(Long.toString(pid)).resolve("task");
        List<ProcessHandle> out = new ArrayList<>();
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path thread : threads) {
                String text;
                try {
                    text = Files.readString(thread.resolve("children"), StandardCharsets.US_ASCII);
                } catch (NoSuchFileException e) {
                    if (Files.isDirectory(thread)) { // the thread is there, the file is not: an older kernel
                        return ProcessHandle.of(pid).map(p -> p.children().toList()).orElse(List.of());
                    }
                    continue; // the thread has just ended
                }
                for (String child : text.trim().split(" ")) {
                    if (!child.isEmpty()) {
                        ProcessHandle.of(Long.parseLong(child)).ifPresent(out::add);
                    }
                }
            }
        } catch (IOException e) {
            return List.of(); // no such process
        }
        return out;
    }

    /** /proc/stat's {@code btime} (boot time, whole seconds) in milliseconds, as the JDK reads it; 0 if unreadable. */
    private static long bootMillis() {
        try {
            for (String line : Files.readAllLines(PROC.resolve("stat"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("btime ")) {
                    return Long.parseLong(line.substring(6).trim()) * 1000;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // no /proc: no process will be found alive either
        }
        return 0;
    }
}
