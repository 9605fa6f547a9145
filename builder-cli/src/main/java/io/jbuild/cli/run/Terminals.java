package io.jbuild.cli.run;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Which of this process's standard streams are terminals (Linux: what /proc/self/fd/N points to). */
final class Terminals {

    private Terminals() {
    }

    /** Whether file descriptor {@code fd} (0, 1 or 2) is a terminal. */
    static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * Whether runc can find a terminal to join the container's to: one of our standard streams, or else the
     * controlling terminal, in the order runc looks.
     */
    static boolean available() {
        if (isTerminal(2) || isTerminal(1) || isTerminal(0)) {
            return true;
        }
        try (FileInputStream tty = new FileInputStream("/dev/tty")) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
