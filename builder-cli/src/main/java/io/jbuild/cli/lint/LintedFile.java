package io.jbuild.cli.lint;

import io.jbuild.grammar.lint.LintDiagnostic;
import java.util.List;

/**
 * One linted input and what the linter found in it.
 *
 * @param name how reports name it: the path as given, {@code <stdin>} for standard input
 * @param uri  a relative or absolute URI reference of the file, for SARIF
 */
record LintedFile(String name, String uri, List<LintDiagnostic> diagnostics) {

    LintedFile {
        diagnostics = List.copyOf(diagnostics);
    }
}
