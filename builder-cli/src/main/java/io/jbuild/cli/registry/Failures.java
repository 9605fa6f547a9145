package io.jbuild.cli.registry;

import io.jbuild.grammar.reference.InvalidReferenceException;
import java.io.PrintWriter;

/** One-line error messages for the registry commands: {@code jbuild pull: 127.0.0.1:5000/app:1: manifest unknown}. */
final class Failures {

    private Failures() {
    }

    /** Prints why it failed; returns the exit code 1. */
    static int report(PrintWriter err, String command, String input, Exception e) {
        String message = e.getMessage() != null ? e.getMessage().strip() : e.toString();
        boolean named = input == null || message.contains(input);
        if (e instanceof InvalidReferenceException && !named) {
            message = "\"" + input + "\": " + message; // the message names the bad part; say whose
        } else if (!named) {
            message = input + ": " + message;
        }
        err.println("jbuild " + command + ": " + message);
        err.flush();
        return 1;
    }
}
