package io.jbuild.cli.container;

import io.jbuild.core.container.ContainerException;
import java.io.PrintWriter;

/** Container commands' failures as docker prints them: {@code Error: No such container: x}, exit 1. */
final class Errors {

    private Errors() {
    }

    static int report(PrintWriter err, String command, Exception e) {
        if (e instanceof ContainerException) {
            err.println("Error: " + e.getMessage());
        } else {
            err.println("jbuild " + command + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
        err.flush();
        return 1;
    }
}
