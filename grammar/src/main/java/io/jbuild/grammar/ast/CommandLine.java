package io.jbuild.grammar.ast;

import java.util.List;

/** The command of RUN, CMD, ENTRYPOINT and HEALTHCHECK CMD: exec form (a JSON array) or shell form. */
public sealed interface CommandLine {

    /** {@code ["executable", "arg"]}: run directly, no shell. */
    record ExecForm(List<String> arguments) implements CommandLine {
        public ExecForm {
            arguments = List.copyOf(arguments);
        }
    }

    /** {@code executable arg}: handed to the SHELL as one string. */
    record ShellForm(String script) implements CommandLine {
    }
}
