package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Stage;
import io.jbuild.grammar.source.Severity;

/** DL3002: the last USER of a stage is root ({@code root}, {@code 0}, with or without a group). */
public final class Dl3002LastUserRoot extends DlRule {

    public Dl3002LastUserRoot() {
        super("DL3002", Severity.WARNING, "Last USER should not be root");
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (Stage s : file.stages()) {
            Instruction.User last = null;
            for (Instruction i : s.instructions()) {
                if (i instanceof Instruction.User u) {
                    last = u;
                }
            }
            if (last != null && isRoot(last.user())) {
                out.report(file.argumentsRange(last), message());
            }
        }
    }

    static boolean isRoot(String user) {
        return user.startsWith("root:") || user.startsWith("0:") || user.equals("root") || user.equals("0");
    }
}
