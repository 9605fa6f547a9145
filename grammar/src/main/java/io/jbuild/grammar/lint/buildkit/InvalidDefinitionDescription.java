package io.jbuild.grammar.lint.buildkit;

import io.jbuild.grammar.ast.ArgDeclaration;
import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.CheckDirective;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Pragmas;
import io.jbuild.grammar.lint.Rule;
import io.jbuild.grammar.lint.RuleInfo;
import io.jbuild.grammar.lint.Step;
import java.util.List;

/**
 * Experimental in BuildKit: the comment above a named FROM or an ARG is a description and should start with
 * the name it describes ({@code # builder compiles the app}). Comments that are jbuild or hadolint
 * configuration ({@code # check=...}, {@code # hadolint ignore=...}) are not descriptions.
 */
public final class InvalidDefinitionDescription implements Rule {

    private static final RuleInfo INFO = RuleInfo.buildkit("InvalidDefinitionDescription", "invalid-definition-description",
            "Comment for build stage or argument should follow the format: `# <arg/stage name> <description>`. If this is not intended to be a description comment, add an empty line or comment between the instruction and the comment.")
            .asExperimental();

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (Step s : file.steps(false)) {
            Instruction i = s.instruction();
            List<String> keys;
            String kind;
            if (i instanceof Instruction.From f && f.stageName().isPresent()) {
                keys = List.of(f.stageName().get());
                kind = "FROM";
            } else if (i instanceof Instruction.Arg a) {
                keys = a.declarations().stream().map(ArgDeclaration::name).toList();
                kind = "ARG";
            } else {
                continue;
            }
            List<String> comments = i.meta().comments();
            if (comments.isEmpty() || keys.isEmpty()) {
                continue;
            }
            String last = comments.get(comments.size() - 1);
            if (CheckDirective.fromComment(last).isPresent() || Pragmas.ignore(last).isPresent()) {
                continue;
            }
            if (keys.contains(last.split(" ", -1)[0])) {
                continue;
            }
            String example = keys.size() > 1 ? "<arg_key>" : keys.get(0);
            out.report(i.meta().range(), "Comment for " + kind + " should follow the format: `# " + example + " <description>`");
        }
    }
}
