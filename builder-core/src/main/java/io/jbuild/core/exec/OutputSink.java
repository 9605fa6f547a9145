package io.jbuild.core.exec;

/**
 * Receives a RUN step's output as it comes, a line at a time (without the line break; very long lines arrive in
 * pieces). Calls never overlap, so an implementation needs no locking of its own.
 */
@FunctionalInterface
public interface OutputSink {

    enum Stream { STDOUT, STDERR }

    void line(Stream stream, String line);

    /** Discards everything (the last lines still reach {@link RunResult#lastLines()}). */
    OutputSink DISCARD = (stream, line) -> { };
}
