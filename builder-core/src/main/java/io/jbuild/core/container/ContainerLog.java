package io.jbuild.core.container;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.function.BooleanSupplier;

/**
 * Reads the log conmon writes in the k8s-file format: {@code TIMESTAMP STREAM TAG TEXT} per line, where the tag is
 * {@code F} for a whole line and {@code P} for a part of one (the text then goes on in the next entries).
 */
public final class ContainerLog {

    /** Where the lines go, stdout and stderr apart. */
    public interface Reader {
        void line(boolean stderr, String timestamp, String text, boolean partial) throws IOException;
    }

    private ContainerLog() {
    }

    /**
     * Reads {@code log} from the start (only the last {@code tail} whole lines when {@code tail >= 0}); with
     * {@code follow}, keeps reading as it grows until {@code exited} says the container is done and all is read.
     */
    public static void read(Path log, int tail, boolean follow, BooleanSupplier exited, Reader reader)
            throws IOException, InterruptedException {
        read(log, tail, follow, exited, LogWindow.ALL, reader);
    }

    /**
     * As {@link #read(Path, int, boolean, BooleanSupplier, Reader)}, only the entries written within {@code window}
     * (by the log's own timestamps); following ends at the first entry past its end.
     */
    public static void read(Path log, int tail, boolean follow, BooleanSupplier exited, LogWindow window,
                            Reader reader) throws IOException, InterruptedException {
        if (!Files.exists(log)) {
            if (!follow) {
                return;
            }
        }
        long skip = 0;
        if (tail >= 0) {
            skip = Math.max(0, countLines(log) - tail);
        }
        try (InputStream in = new java.io.BufferedInputStream(Files.exists(log) ? Files.newInputStream(log)
                : InputStream.nullInputStream())) {
            StringBuilder pending = new StringBuilder();
            long seen = 0;
            while (true) {
                int c = in.read();
                if (c < 0) {
                    if (!follow) {
                        return;
                    }
                    // The exit test comes before the last read: whatever was written before the exit is read.
                    boolean done = exited.getAsBoolean();
                    int more = readAvailable(in, pending);
                    if (more > 0) {
                        seen = emitLines(pending, seen, skip, window, reader);
                        if (seen < 0) {
                            return;
                        }
                        continue;
                    }
                    if (done) {
                        return;
                    }
                    Thread.sleep(100);
                    continue;
                }
                pending.append((char) c);
                if (c == '\n') {
                    seen = emitLines(pending, seen, skip, window, reader);
                    if (seen < 0) {
                        return;
                    }
                }
            }
        }
    }

    private static int readAvailable(InputStream in, StringBuilder pending) throws IOException {
        int n = 0;
        for (int c = in.read(); c >= 0; c = in.read()) {
            pending.append((char) c);
            n++;
        }
        return n;
    }

    /**
     * Emits the whole entries in {@code pending} (bytes as chars: decoded per line as UTF-8); the count of entries
     * seen, or -1 once one is past the window's end.
     */
    private static long emitLines(StringBuilder pending, long seen, long skip, LogWindow window, Reader reader)
            throws IOException {
        int nl;
        while ((nl = pending.indexOf("\n")) >= 0) {
            String raw = pending.substring(0, nl);
            pending.delete(0, nl + 1);
            byte[] bytes = new byte[raw.length()];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) raw.charAt(i);
            }
            String entry = new String(bytes, StandardCharsets.UTF_8);
            String[] parts = entry.split(" ", 4);
            if (parts.length < 3) {
                continue;
            }
            boolean partial = parts[2].equals("P");
            if (window != LogWindow.ALL) {
                Instant time;
                try {
                    time = OffsetDateTime.parse(parts[0]).toInstant();
                } catch (DateTimeParseException e) {
                    continue; // not an entry conmon wrote
                }
                if (window.after(time)) {
                    return -1;
                }
                if (!window.contains(time)) {
                    seen++;
                    continue;
                }
            }
            if (seen++ >= skip) {
                reader.line(parts[1].equals("stderr"), parts[0], parts.length == 4 ? parts[3] : "", partial);
            }
        }
        return seen;
    }

    private static long countLines(Path log) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        long n = 0;
        try (BufferedReader r = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            while (r.readLine() != null) {
                n++;
            }
        }
        return n;
    }

}
