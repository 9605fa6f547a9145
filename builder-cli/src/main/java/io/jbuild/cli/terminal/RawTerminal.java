package io.jbuild.cli.terminal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * This process's standard input terminal switched to raw mode (no echo, no line editing, no signals from keys) for as
 * long as an attached container's terminal is the one the user types to, as docker attach does; restored on close.
 * stty does the switching: it acts on its standard input, which is ours.
 */
public final class RawTerminal implements AutoCloseable {

    private final String saved;

    private RawTerminal(String saved) {
        this.saved = saved;
    }

    /** Raw mode when standard input is a terminal; empty (nothing changed) otherwise. */
    public static Optional<RawTerminal> enter() {
        if (!Terminals.isTerminal(0)) {
            return Optional.empty();
        }
        try {
            String saved = stty("-g").strip();
            stty("raw", "-echo");
            return Optional.of(new RawTerminal(saved));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Rows and columns of the terminal on standard input, as {@code stty size} reports them. */
    public static Optional<int[]> size() {
        try {
            String[] rowsCols = stty("size").strip().split(" ");
            int rows = Integer.parseInt(rowsCols[0]);
            int cols = Integer.parseInt(rowsCols[1]);
            return rows > 0 && cols > 0 ? Optional.of(new int[] {rows, cols}) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        try {
            stty(saved);
        } catch (IOException e) {
            // the terminal is gone; nothing to restore
        }
    }

    private static String stty(String... args) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of("stty"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        try {
            if (p.waitFor() != 0) {
                throw new IOException("stty " + String.join(" ", args) + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return out;
    }
}
