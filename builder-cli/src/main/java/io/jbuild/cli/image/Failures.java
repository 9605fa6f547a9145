package io.jbuild.cli.image;

import io.jbuild.grammar.reference.InvalidReferenceException;
import java.io.IOException;
import java.io.PrintWriter;

/** One-line error messages for the store commands: {@code jbuild rmi: no such image: foo}. */
final class Failures {

    private Failures() {
    }

    /** Prints why {@code input} failed; returns the exit code 1. */
    static int report(PrintWriter err, String command, String input, Exception e) {
        err.println("jbuild " + command + ": " + describe(input, e));
        err.flush();
        return 1;
    }

    static String describe(String input, Exception e) {
        if (e instanceof InvalidReferenceException ire && input != null && !ire.getMessage().endsWith("\"" + input + "\"")) {
            // The message names the offending part; say which reference it belongs to.
            return "\"" + input + "\": " + e.getMessage();
        }
        if (e instanceof IOException) {
            return (input != null ? input + ": " : "") + (e.getMessage() != null ? e.getMessage() : e.toString());
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
