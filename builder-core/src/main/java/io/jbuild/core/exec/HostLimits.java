package io.jbuild.core.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The resource limits this process runs under, read from {@code /proc/self/limits}: a RUN step gets the same
 * (never more than the host allows: raising a hard limit would fail in the runtime, and on this kind of machine
 * nofile and nproc cannot be exceeded).
 */
final class HostLimits {

    /** One rlimit of an OCI process; unlimited values are left out (the container then inherits them). */
    record Rlimit(String type, long soft, long hard) {
    }

    private HostLimits() {
    }

    static List<Rlimit> current() throws IOException {
        return parse(Files.readAllLines(Path.of("/proc/self/limits")));
    }

    static List<Rlimit> parse(List<String> lines) {
        List<Rlimit> out = new ArrayList<>();
        for (String line : lines) {
            String type = line.startsWith("Max open files") ? "RLIMIT_NOFILE"
                    : line.startsWith("Max processes") ? "RLIMIT_NPROC" : null;
            if (type == null) {
                continue;
            }
            String[] words = line.trim().split("\\s+");
            // "Max open files  4096  4096  files": soft and hard are the two words before the unit.
            String soft = words[words.length - 3];
            String hard = words[words.length - 2];
            if (!soft.equals("unlimited") && !hard.equals("unlimited")) {
                out.add(new Rlimit(type, Long.parseLong(soft), Long.parseLong(hard)));
            }
        }
        return out;
    }
}
