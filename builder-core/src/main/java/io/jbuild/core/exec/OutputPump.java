package io.jbuild.core.exec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * Splits a process's output into lines for an {@link OutputSink} on a thread of its own, keeping the last lines
 * of each stream for the error message of a failed step (per stream, so that a chatty stdout cannot push the
 * error out of the tail: the two pipes are read by two threads, in no reliable order). Lines longer than
 * {@link #MAX_LINE} bytes are passed on in pieces, so memory stays flat whatever the step prints.
 */
final class OutputPump {

    static final int MAX_LINE = 16 * 1024;

    private final OutputSink sink;
    private final int keep;
    private final Deque<Line> lastOut = new ArrayDeque<>();
    private final Deque<Line> lastErr = new ArrayDeque<>();
    private long sequence;
    private RuntimeException sinkFailure;

    private record Line(long sequence, String text) {
    }

    OutputPump(OutputSink sink, int keep) {
        this.sink = sink;
        this.keep = keep;
    }

    /** Starts reading {@code in} until it ends. */
    Thread start(InputStream in, OutputSink.Stream stream, String name) {
        Thread t = new Thread(() -> pump(in, stream), name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** What the sink threw, if it failed (the output was still read to its end, so the step could finish). */
    synchronized RuntimeException sinkFailure() {
        return sinkFailure;
    }

    /** The last lines of each stream, in the order they arrived. */
    synchronized List<String> lastLines() {
        List<Line> all = new ArrayList<>(lastOut);
        all.addAll(lastErr);
        all.sort(Comparator.comparingLong(Line::sequence));
        return all.stream().map(Line::text).toList();
    }

    private void pump(InputStream in, OutputSink.Stream stream) {
        byte[] buf = new byte[8192];
        ByteBuffer line = ByteBuffer.allocate(MAX_LINE);
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b == '\n') {
                        deliver(stream, line);
                    } else {
                        if (!line.hasRemaining()) {
                            deliver(stream, line);
                        }
                        line.put(b);
                    }
                }
            }
            if (line.position() > 0) {
                deliver(stream, line);
            }
        } catch (IOException e) {
            // The runtime went away (killed on cleanup): there is nothing more to read.
        }
    }

    private void deliver(OutputSink.Stream stream, ByteBuffer line) {
        int end = line.position();
        if (end > 0 && line.get(end - 1) == '\r') {
            end--;
        }
        String text = decode(line.array(), end);
        line.clear();
        synchronized (this) {
            Deque<Line> last = stream == OutputSink.Stream.STDOUT ? lastOut : lastErr;
            last.addLast(new Line(sequence++, text));
            if (last.size() > keep) {
                last.removeFirst();
            }
            if (sinkFailure == null) {
                try {
                    sink.line(stream, text);
                } catch (RuntimeException e) {
                    sinkFailure = e; // keep draining: a full pipe would block the step forever
                }
            }
        }
    }

    private static String decode(byte[] bytes, int length) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            return d.decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("replacing decoder cannot fail", e);
        }
    }
}
