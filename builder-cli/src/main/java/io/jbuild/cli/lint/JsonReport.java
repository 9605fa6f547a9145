package io.jbuild.cli.lint;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jbuild.core.json.AstJson;
import io.jbuild.grammar.lint.LintDiagnostic;
import io.jbuild.grammar.lint.QuickFix;
import io.jbuild.grammar.lint.TextEdit;
import java.io.PrintWriter;
import java.util.List;

/**
 * A JSON array with one object per finding:
 * {@code {file, rule, severity, message, range, url?, fixes: [{title, edits: [{range, newText}]}]}}, ranges as in
 * {@code jbuild parse} (1-based lines and columns, end exclusive).
 */
final class JsonReport implements LintReport {

    @Override
    public void write(List<LintedFile> files, PrintWriter out) {
        ArrayNode root = AstJson.array();
        for (LintedFile f : files) {
            for (LintDiagnostic d : f.diagnostics()) {
                ObjectNode o = root.addObject();
                o.put("file", f.name());
                o.put("rule", d.ruleId());
                o.put("severity", d.severity().label());
                o.put("message", d.message());
                o.set("range", AstJson.range(d.range()));
                d.url().ifPresent(u -> o.put("url", u));
                ArrayNode fixes = o.putArray("fixes");
                for (QuickFix q : d.fixes()) {
                    ObjectNode fix = fixes.addObject();
                    fix.put("title", q.title());
                    ArrayNode edits = fix.putArray("edits");
                    for (TextEdit e : q.edits()) {
                        ObjectNode edit = edits.addObject();
                        edit.set("range", AstJson.range(e.range()));
                        edit.put("newText", e.newText());
                    }
                }
            }
        }
        out.println(AstJson.text(root));
    }
}
