package io.jbuild.core.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a file the user names that is read whole (a Dockerfile, a secret, an env file) before reading it: a
 * device ({@code /dev/zero}), a FIFO or a directory would hang the read, fill the memory or fail with a message
 * about something else.
 */
public final class InputFiles {

    private InputFiles() {
    }

    /**
     * What is wrong with {@code file} as an input of at most {@code maxBytes} (symlinks followed), or empty if
     * nothing: "no such file", "is a directory", "not a regular file (a character device)", "is 70 MiB, more than
     * the limit of 64 MiB".
     */
    public static Optional<String> problem(Path file, long maxBytes) {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(file, "unix:mode,size");
        } catch (NoSuchFileException e) {
            return Optional.of("no such file");
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of("cannot be read: " + e.getMessage());
        }
        int type = (Integer) a.get("mode") & 0170000;
        if (type == 0040000) {
            return Optional.of("is a directory, not a file");
        }
        if (type != 0100000) {
            return Optional.of("not a regular file (" + kind(type) + ")");
        }
        long size = (Long) a.get("size");
        if (size > maxBytes) {
            return Optional.of("is " + size + " bytes, more than the limit of " + maxBytes + " (" + (maxBytes >> 20)
                    + " MiB)");
        }
        return Optional.empty();
    }

    /** What a directory given where a file is written ({@code --iidfile}) has wrong, or empty. */
    public static Optional<String> outputProblem(Path file) {
        return Files.isDirectory(file) ? Optional.of("is a directory, not a file") : Optional.empty();
    }

    private static String kind(int type) {
        return switch (type) {
            case 0020000 -> "a character device";
            case 0060000 -> "a block device";
            case 0010000 -> "a FIFO";
            case 0140000 -> "a socket";
            default -> "type " + Integer.toOctalString(type);
        };
    }
}
