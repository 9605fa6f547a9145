package io.jbuild.core.container.attach;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A connection to a container's conmon, podman's way: conmon serves a {@code SOCK_SEQPACKET} socket named
 * {@code attach} in the bundle directory. Each packet it sends is one read of the container's output, its first byte
 * saying which stream (2 stdout, 3 stderr); what a client sends is written to the container's input as it is, and
 * the client's end of writing ({@code shutdown(SHUT_WR)}) closes that input. conmon closes every attached socket once
 * the container has exited and its output is drained. Terminal sizes go, as lines {@code 1 ROWS COLUMNS}, to the
 * {@code ctl} FIFO beside it.
 */
public final class Attachment implements Closeable {

    private static final int STDOUT = 2;
    private static final int STDERR = 3;
    /** conmon reads at most 8192 bytes of output at once and puts the stream's byte before them. */
    private static final int PACKET = 8192 + 1;

    private final SeqpacketSocket socket;
    private final Path bundle;

    private Attachment(SeqpacketSocket socket, Path bundle) {
        this.socket = socket;
        this.bundle = bundle;
    }

    /** Connects to the conmon serving the container whose bundle is {@code bundle}. */
    public static Attachment connect(Path bundle) throws IOException {
        return new Attachment(SeqpacketSocket.connect(bundle, "attach"), bundle);
    }

    /** Tells the container's terminal its size (a container made with {@code -t}). */
    public void resize(int rows, int columns) throws IOException {
        Path ctl = bundle.resolve("ctl");
        if (Files.exists(ctl)) {
            // conmon holds the FIFO open for reading, so opening it to write does not block
            try (OutputStream o = Files.newOutputStream(ctl, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                o.write(("1 " + rows + " " + columns + "\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    /**
     * Copies the container's output to {@code streams} and {@code streams.stdin()} to its input until the container
     * has exited (true) or the detach keys were typed (false). The input is read on a daemon thread: a read blocked on
     * a terminal cannot be interrupted, so it is left to end with the process.
     */
    public boolean pump(AttachStreams streams) throws IOException {
        AtomicBoolean detached = new AtomicBoolean();
        if (streams.stdin() != null) {
            Thread input = new Thread(() -> forward(streams.stdin(), streams.keys(), detached), "jbuild-attach-stdin");
            input.setDaemon(true);
            input.start();
        }
        byte[] packet = new byte[PACKET];
        int n;
        while ((n = socket.receive(packet)) > 0) {
            OutputStream to = packet[0] == STDOUT ? streams.stdout() : packet[0] == STDERR ? streams.stderr() : null;
            if (to != null) {
                to.write(packet, 1, n - 1);
                to.flush();
            }
        }
        return !detached.get();
    }

    private void forward(InputStream in, DetachKeys keys, AtomicBoolean detached) {
        DetachKeys.Matcher matcher = new DetachKeys.Matcher(keys);
        byte[] buffer = new byte[8192];
        byte[] out = new byte[buffer.length + keys.sequence().length];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                int m = matcher.filter(buffer, n, out);
                if (m < 0) {
                    detached.set(true);
                    socket.shutdown(); // the output loop sees the end and returns
                    return;
                }
                if (m > 0) {
                    socket.send(out, m);
                }
            }
            socket.shutdownOutput();
        } catch (IOException e) {
            // the container is gone or the attachment closed: nothing more to send
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
