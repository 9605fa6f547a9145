package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Step;
import io.jbuild.grammar.source.Severity;
import java.util.HashMap;
import java.util.Map;

/** DL3011: an EXPOSEd port (or range end) above 65535. */
public final class Dl3011ValidPorts extends DlRule {

    public Dl3011ValidPorts() {
        super("DL3011", Severity.ERROR, "Valid UNIX ports range from 0 to 65535");
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (Step s : file.steps(false)) {
            if (!(s.instruction() instanceof Instruction.Expose e)) {
                continue;
            }
            Map<String, Integer> seen = new HashMap<>();
            for (String port : e.ports()) {
                int occurrence = seen.merge(port, 1, Integer::sum) - 1;
                String p = port.contains("/") ? port.substring(0, port.indexOf('/')) : port;
                for (String n : p.split("-", -1)) {
                    if (n.matches("[0-9]{1,18}") && Long.parseLong(n) > 65535) {
                        out.report(file.wordRange(e, port, occurrence, ""), message());
                        break;
                    }
                }
            }
        }
    }
}
