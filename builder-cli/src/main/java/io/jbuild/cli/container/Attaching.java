package io.jbuild.cli.container;

import io.jbuild.cli.terminal.RawTerminal;
import io.jbuild.cli.terminal.Terminals;
import io.jbuild.core.container.Containers;
import io.jbuild.core.container.attach.AttachOutcome;
import io.jbuild.core.container.attach.AttachStreams;
import io.jbuild.core.container.attach.DetachKeys;
import java.io.FileInputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The terminal side of attaching ({@code attach}, {@code start -a}): this process's standard input forwarded when
 * asked, in raw mode when the container has a terminal (the container's terminal does the echoing and line editing),
 * its size passed on at once and at each SIGWINCH, and the container's output to ours. The exit code is the
 * container's, or 0 after the detach keys.
 */
public final class Attaching {

    private Attaching() {
    }

    /**
     * docker's check before attaching: input for a container's terminal must come from a terminal. False (and the
     * message printed) when it does not.
     */
    public static boolean inputFits(boolean stdin, boolean tty, PrintWriter err) {
        if (stdin && tty && !Terminals.isTerminal(0)) {
            err.println("the input device is not a TTY");
            err.flush();
            return false;
        }
        return true;
    }

    /**
     * Attaches until the container exits or the detach keys are typed. With {@code sigProxy} and no terminal,
     * SIGINT, SIGTERM and SIGHUP to jbuild go to the container's process instead (docker's --sig-proxy); with a
     * terminal, its keys do that inside the container. The JVM's own handlers are back afterwards.
     */
    static int run(Containers containers, Containers.Attached attached, boolean stdin, boolean sigProxy,
                   DetachKeys keys, PrintWriter out, PrintWriter err) throws IOException {
        AttachOutcome outcome = attach(containers, attached, stdin, sigProxy, keys, out, err);
        return outcome instanceof AttachOutcome.Exited e ? e.exitCode() : 0;
    }

    /** As {@link #run}, telling a detach from an exit (a foreground {@code run} keeps the container then). */
    public static AttachOutcome attach(Containers containers, Containers.Attached attached, boolean stdin,
                                       boolean sigProxy, DetachKeys keys, PrintWriter out, PrintWriter err)
            throws IOException {
        boolean tty = attached.container().record().tty();
        String id = attached.container().id();
        Optional<RawTerminal> raw = tty && stdin ? RawTerminal.enter() : Optional.empty();
        Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
        try {
            if (tty) {
                resize(attached);
                handle(previous, "WINCH", s -> resize(attached));
            } else if (sigProxy) {
                for (String name : List.of("INT", "TERM", "HUP")) {
                    handle(previous, name, s -> forward(containers, id, "SIG" + name));
                }
            }
            AttachStreams streams = new AttachStreams(stdin ? new FileInputStream(FileDescriptor.in) : null,
                    new WriterStream(out), new WriterStream(err), keys);
            return containers.pump(attached, streams);
        } finally {
            previous.forEach(Signal::handle);
            raw.ifPresent(RawTerminal::close);
        }
    }

    /** {@code --detach-keys}: docker's notation; a bad one is a usage mistake. */
    public static DetachKeys detachKeys(CommandSpec spec, String text) {
        try {
            return DetachKeys.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "invalid --detach-keys \"" + text + "\": " + e.getMessage());
        }
    }

    private static void handle(Map<Signal, SignalHandler> previous, String name, SignalHandler handler) {
        try {
            Signal signal = new Signal(name);
            previous.put(signal, Signal.handle(signal, handler));
        } catch (IllegalArgumentException e) {
            // not a signal here, or one the JVM keeps: it goes on as before
        }
    }

    private static void forward(Containers containers, String id, String signal) {
        try {
            containers.kill(id, signal);
        } catch (IOException | RuntimeException e) {
            // it has exited meanwhile: the attachment ends with its exit code
        }
    }

    private static void resize(Containers.Attached attached) {
        RawTerminal.size().ifPresent(s -> {
            try {
                attached.attachment().resize(s[0], s[1]);
            } catch (IOException e) {
                // the container is going away; its terminal keeps the size it had
            }
        });
    }

    /** Bytes to a writer, decoded as UTF-8 across writes (a character may be split between two packets). */
    static final class WriterStream extends OutputStream {
        private final PrintWriter writer;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        private ByteBuffer pending = ByteBuffer.allocate(0);

        WriterStream(PrintWriter writer) {
            this.writer = writer;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ByteBuffer in = ByteBuffer.allocate(pending.remaining() + len);
            in.put(pending).put(b, off, len).flip();
            CharBuffer chars = CharBuffer.allocate(in.remaining() + 1);
            decoder.decode(in, chars, false);
            pending = in.slice();
            chars.flip();
            writer.append(chars);
        }

        @Override
        public void flush() {
            writer.flush();
        }
    }
}
