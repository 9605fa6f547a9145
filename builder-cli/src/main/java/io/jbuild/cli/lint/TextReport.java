package io.jbuild.cli.lint;

import io.jbuild.grammar.lint.LintDiagnostic;
import java.io.PrintWriter;
import java.util.List;

/** Compiler style, one line per finding: {@code file:line:col: severity rule: message}. */
final class TextReport implements LintReport {

    @Override
    public void write(List<LintedFile> files, PrintWriter out) {
        for (LintedFile f : files) {
            for (LintDiagnostic d : f.diagnostics()) {
                out.println(d.format(f.name()));
            }
        }
    }
}
