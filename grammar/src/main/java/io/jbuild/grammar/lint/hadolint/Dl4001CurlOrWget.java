package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Step;
import io.jbuild.grammar.lint.script.ShellCommand;
import io.jbuild.grammar.source.Severity;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** DL4001: both curl and wget used in one stage; one tool is enough. */
public final class Dl4001CurlOrWget extends DlRule {

    public Dl4001CurlOrWget() {
        super("DL4001", Severity.WARNING, "Either use Wget or Curl but not both");
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (List<Step> pass : List.of(Passes.main(file), Passes.triggers(file))) {
            Set<String> seen = new HashSet<>();
            for (Step s : pass) {
                if (s.instruction() instanceof Instruction.From) {
                    seen.clear();
                } else if (s.instruction() instanceof Instruction.Run run) {
                    Optional<ShellCommand> tool = Sh.first(file.script(run),
                            c -> c.name().equals("curl") || c.name().equals("wget"));
                    file.script(run).commands().stream().map(ShellCommand::name)
                            .filter(n -> n.equals("curl") || n.equals("wget")).forEach(seen::add);
                    if (tool.isPresent() && seen.size() >= 2) {
                        out.report(tool.get().range(), message());
                    }
                }
            }
        }
    }
}
