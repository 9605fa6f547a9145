package io.jbuild.cli.terminal;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Which of this process's standard streams are terminals (Linux: what /proc/self/fd/N points to). */
public final class Terminals {

    private Terminals() {
    }

    /** Whether file descriptor {@code fd} (0, 1 or 2) is a terminal. */
    public static boolean isTerminal(int fd) {
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
    public static boolean available() {
        if (isTerminal(2) || isTerminal(1) || isTerminal(0)) {
            return true;
        }
        try (FileInputStream tty = new FileInputStream("/dev/tty")) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The width in columns of the terminal on standard error, as {@code stty size} reports it; {@code fallback}
     * when it is not a terminal or reports no size.
     */
    public static int width(int fallback) {
        if (!isTerminal(2)) {
            return fallback;
        }
        try {
            Process p = new ProcessBuilder("stty", "size")
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/proc/self/fd/2")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String[] rowsCols = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip().split(" ");
            int columns = p.waitFor() == 0 && rowsCols.length == 2 ? Integer.parseInt(rowsCols[1]) : 0;
            return columns > 0 ? columns : fallback;
        } catch (IOException | NumberFormatException e) {
            return fallback;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback;
        }
    }
}
