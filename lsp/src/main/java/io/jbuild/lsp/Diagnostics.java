package io.jbuild.lsp;

import io.jbuild.grammar.lint.LintDiagnostic;
import io.jbuild.grammar.source.Severity;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticCodeDescription;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/** The linter's findings as LSP diagnostics: rule id as the code, its documentation as the code's description. */
final class Diagnostics {

    /** The diagnostics' {@code source}, as editors show it beside the message. */
    static final String SOURCE = "jbuild";

    private Diagnostics() {
    }

    static List<Diagnostic> of(Analysis a) {
        List<Diagnostic> out = new ArrayList<>();
        for (LintDiagnostic d : a.findings()) {
            out.add(of(d, a.lines()));
        }
        return out;
    }

    static Diagnostic of(LintDiagnostic d, LineMap lines) {
        Diagnostic out = new Diagnostic(lines.range(d.range()), d.message(), severity(d.severity()), SOURCE);
        out.setCode(Either.forLeft(d.ruleId()));
        d.url().ifPresent(u -> out.setCodeDescription(new DiagnosticCodeDescription(u)));
        return out;
    }

    static DiagnosticSeverity severity(Severity s) {
        switch (s) {
            case ERROR:
                return DiagnosticSeverity.Error;
            case WARNING:
                return DiagnosticSeverity.Warning;
            case INFO:
                return DiagnosticSeverity.Information;
            default:
                return DiagnosticSeverity.Hint;
        }
    }
}
