package io.jbuild.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A subcommand declared by annotations: its body runs with the command's output and error writers, and whatever it
 * throws becomes one line in its family's words ({@link Failure}) and exit code 1; a usage mistake stays picocli's
 * (exit 2). The store, when the command needs it, comes from the {@link io.jbuild.cli.image.StoreOptions} mixin.
 */
public abstract class Subcommand implements Callable<Integer> {

    @Spec
    protected CommandSpec spec;

    private final String name;
    private final Failure failure;

    /** {@code name}: the command's name in messages. */
    protected Subcommand(String name, Failure failure) {
        this.name = name;
        this.failure = failure;
    }

    /** Does the work; returns the exit code. */
    protected abstract int run(PrintWriter out, PrintWriter err) throws IOException;

    /** The input a failure of the whole command is about (a reference, a file), or null. */
    protected String subject() {
        return null;
    }

    @Override
    public final Integer call() {
        return call(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /**
     * Runs the command on these writers: picocli's, or the console's when the command line was read without picocli
     * ({@link PlainArgs}; then the command's options were checked before, so no usage error is left to throw).
     */
    public final int call(PrintWriter out, PrintWriter err) {
        try {
            return run(out, err);
        } catch (ParameterException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            out.flush();
            return fail(err, subject(), e);
        } finally {
            out.flush();
        }
    }

    /** Reports one failure, about {@code input} (null: none in particular); returns the exit code 1. */
    protected final int fail(PrintWriter err, String input, Exception e) {
        return failure.report(err, name, input, e);
    }
}
