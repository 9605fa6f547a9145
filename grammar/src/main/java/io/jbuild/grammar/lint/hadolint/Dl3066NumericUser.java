package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Step;
import io.jbuild.grammar.source.Severity;
import java.util.HashSet;
import java.util.Set;

/** DL3066: USER by name; the host may not resolve it (numbers, or an ARG, are fine). */
public final class Dl3066NumericUser extends DlRule {

    public Dl3066NumericUser() {
        super("DL3066", Severity.INFO, "Non-numeric user-id may not be resolvable by host system");
    }

    @Override
    public void check(LintContext file, Findings out) {
        Set<String> args = new HashSet<>();
        for (Step s : file.steps(false)) {
            Instruction i = s.instruction();
            if (i instanceof Instruction.Arg a) {
                a.declarations().forEach(d -> args.add(d.name()));
            } else if (i instanceof Instruction.User u) {
                String uid = u.user().contains(":") ? u.user().substring(0, u.user().indexOf(':')) : u.user();
                boolean numeric = uid.chars().allMatch(Character::isDigit);
                boolean fromArg = args.stream().anyMatch(v -> u.user().contains("${" + v + "}") || u.user().contains("$" + v));
                if (!numeric && !fromArg) {
                    out.report(file.argumentsRange(u), message());
                }
            }
        }
    }
}
