package io.jbuild.cli.lint;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jbuild.core.json.AstJson;
import io.jbuild.grammar.lint.LintDiagnostic;
import io.jbuild.grammar.lint.QuickFix;
import io.jbuild.grammar.lint.TextEdit;
import io.jbuild.grammar.source.Severity;
import io.jbuild.grammar.source.SourceRange;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SARIF 2.1.0, the format code-scanning services read: one run, the rules that reported (with their
 * documentation), one result per finding with its region and fixes. Severities map to SARIF levels:
 * error and warning as such, info and style as {@code note}.
 */
final class SarifReport implements LintReport {

    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    private final String version;

    SarifReport(String version) {
        this.version = version;
    }

    @Override
    public void write(List<LintedFile> files, PrintWriter out) {
        ObjectNode root = AstJson.object();
        root.put("$schema", SCHEMA);
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "jbuild lint");
        driver.put("version", version);
        ArrayNode rules = driver.putArray("rules");
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        ArrayNode results = run.putArray("results");
        for (LintedFile f : files) {
            for (LintDiagnostic d : f.diagnostics()) {
                Integer index = ruleIndex.get(d.ruleId());
                if (index == null) {
                    index = ruleIndex.size();
                    ruleIndex.put(d.ruleId(), index);
                    ObjectNode rule = rules.addObject();
                    rule.put("id", d.ruleId());
                    rule.putObject("shortDescription").put("text", d.description());
                    d.url().ifPresent(u -> rule.put("helpUri", u));
                    rule.putObject("defaultConfiguration").put("level", level(d.severity()));
                }
                ObjectNode r = results.addObject();
                r.put("ruleId", d.ruleId());
                r.put("ruleIndex", index);
                r.put("level", level(d.severity()));
                r.putObject("message").put("text", d.message());
                ObjectNode location = r.putArray("locations").addObject().putObject("physicalLocation");
                location.putObject("artifactLocation").put("uri", f.uri());
                location.set("region", region(d.range()));
                if (!d.fixes().isEmpty()) {
                    ArrayNode fixes = r.putArray("fixes");
                    for (QuickFix q : d.fixes()) {
                        ObjectNode fix = fixes.addObject();
                        fix.putObject("description").put("text", q.title());
                        ObjectNode change = fix.putArray("artifactChanges").addObject();
                        change.putObject("artifactLocation").put("uri", f.uri());
                        ArrayNode replacements = change.putArray("replacements");
                        for (TextEdit e : q.edits()) {
                            ObjectNode rep = replacements.addObject();
                            rep.set("deletedRegion", region(e.range()));
                            rep.putObject("insertedContent").put("text", e.newText());
                        }
                    }
                }
            }
        }
        out.println(AstJson.text(root));
    }

    static String level(Severity s) {
        return switch (s) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case INFO, STYLE -> "note";
        };
    }

    /** SARIF regions: 1-based lines and columns, endColumn one past the last character, as ours. */
    private static ObjectNode region(SourceRange r) {
        ObjectNode o = AstJson.object();
        o.put("startLine", r.start().line());
        o.put("startColumn", r.start().column());
        o.put("endLine", r.end().line());
        o.put("endColumn", r.end().column());
        return o;
    }
}
