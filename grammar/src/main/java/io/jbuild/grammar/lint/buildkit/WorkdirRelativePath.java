package io.jbuild.grammar.lint.buildkit;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.gotext.GoText;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Rule;
import io.jbuild.grammar.lint.RuleInfo;
import io.jbuild.grammar.lint.Stage;
import io.jbuild.grammar.shell.Expansion;
import java.util.HashSet;
import java.util.Set;

/**
 * The first WORKDIR of a stage (and the stages it builds on) is relative: it then depends on the base
 * image's working directory. Later relative WORKDIRs are fine: fixing the first fixes them.
 */
public final class WorkdirRelativePath implements Rule {

    private static final RuleInfo INFO = RuleInfo.buildkit("WorkdirRelativePath", "workdir-relative-path",
            "Relative workdir without an absolute workdir declared within the build can have unexpected results if the base image changes");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext file, Findings out) {
        Set<Integer> setIn = new HashSet<>(); // stages whose chain has set a WORKDIR by their end
        for (Stage s : file.stages()) {
            boolean[] set = {s.parent().isPresent() && setIn.contains(s.parent().get().index())};
            file.variables().walk(s, (i, scope) -> {
                if (!(i instanceof Instruction.Workdir w) || set[0]) {
                    return;
                }
                set[0] = true;
                Expansion e;
                try {
                    e = file.variables().expander().processWordWithMatches(w.path(), scope.lookup());
                } catch (Exception ex) {
                    return;
                }
                if (!scope.complete() && !e.unmatched().isEmpty()) {
                    return; // the base image may well define the variable
                }
                String path = e.result();
                if (!path.startsWith("/")) {
                    out.report(file.argumentsRange(w), "Relative workdir " + GoText.quote(path)
                            + " can have unexpected results if the base image changes");
                }
            });
            if (set[0]) {
                setIn.add(s.index());
            }
        }
    }

}
