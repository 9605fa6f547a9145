package io.jbuild.cli.lint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jbuild.grammar.lint.LintDiagnostic;
import io.jbuild.grammar.lint.QuickFix;
import io.jbuild.grammar.lint.TextEdit;
import io.jbuild.grammar.source.SourceRange;
import java.io.PrintWriter;
import java.util.List;

/**
 * A JSON array with one object per finding:
 * {@code {file, rule, severity, message, range, url?, fixes: [{title, edits: [{range, newText}]}]}}, ranges as in
 * {@code jbuild parse} (1-based lines and columns, end exclusive).
 */
final class JsonReport implements LintReport {

    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public void write(List<LintedFile> files, PrintWriter out) {
        ArrayNode root = MAPPER.createArrayNode();
        for (LintedFile f : files) {
            for (LintDiagnostic d : f.diagnostics()) {
                ObjectNode o = root.addObject();
                o.put("file", f.name());
                o.put("rule", d.ruleId());
                o.put("severity", d.severity().label());
                o.put("message", d.message());
                o.set("range", range(d.range()));
                d.url().ifPresent(u -> o.put("url", u));
                ArrayNode fixes = o.putArray("fixes");
                for (QuickFix q : d.fixes()) {
                    ObjectNode fix = fixes.addObject();
                    fix.put("title", q.title());
                    ArrayNode edits = fix.putArray("edits");
                    for (TextEdit e : q.edits()) {
                        ObjectNode edit = edits.addObject();
                        edit.set("range", range(e.range()));
                        edit.put("newText", e.newText());
                    }
                }
            }
        }
        try {
            out.println(MAPPER.writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain nodes always serializes", e);
        }
    }

    static ObjectNode range(SourceRange r) {
        ObjectNode o = MAPPER.createObjectNode();
        ObjectNode start = o.putObject("start");
        start.put("line", r.start().line());
        start.put("column", r.start().column());
        ObjectNode end = o.putObject("end");
        end.put("line", r.end().line());
        end.put("column", r.end().column());
        return o;
    }
}
