package io.jbuild.cli;

import io.jbuild.core.container.ContainerException;
import io.jbuild.grammar.reference.InvalidReferenceException;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * How a command tells a failure: one line on standard error, exit code 1, in the words docker uses for that family
 * of commands. The families differ on purpose (docker's own messages differ); each rule is written once, here.
 */
public enum Failure {
    /** jbuild's own line: {@code jbuild COMMAND: message}. */
    PLAIN,
    /** docker's container commands: {@code Error: No such container: x} for what a container refuses, else PLAIN. */
    CONTAINER,
    /** docker cp: every failure as {@code Error: message}. */
    ERROR,
    /** store commands: {@code jbuild rmi: no such image: foo}, naming the input a bad reference or file is about. */
    IMAGE,
    /** registry commands: {@code jbuild pull: 127.0.0.1:5000/app:1: manifest unknown}, naming the input if unnamed. */
    REGISTRY;

    /** Prints why {@code command} failed on {@code input} (null: none in particular); returns the exit code 1. */
    public int report(PrintWriter err, String command, String input, Exception e) {
        err.println(line(command, input, e));
        err.flush();
        return 1;
    }

    /** The line {@link #report} prints. */
    public String line(String command, String input, Exception e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        switch (this) {
            case CONTAINER:
                return e instanceof ContainerException ? "Error: " + message : plain(command, message);
            case ERROR:
                return message.startsWith("Error") && !(e instanceof ContainerException) ? message : "Error: " + message;
            case IMAGE:
                return plain(command, image(input, e, message));
            case REGISTRY:
                return plain(command, registry(input, e, message.strip()));
            default:
                return plain(command, message);
        }
    }

    private static String plain(String command, String message) {
        return "jbuild " + command + ": " + message;
    }

    private static String image(String input, Exception e, String message) {
        if (e instanceof InvalidReferenceException && input != null && !message.endsWith("\"" + input + "\"")) {
            return "\"" + input + "\": " + message; // the message names the offending part; say whose
        }
        return e instanceof IOException && input != null ? input + ": " + message : message;
    }

    private static String registry(String input, Exception e, String message) {
        if (input == null || message.contains(input)) {
            return message;
        }
        return e instanceof InvalidReferenceException ? "\"" + input + "\": " + message : input + ": " + message;
    }
}
