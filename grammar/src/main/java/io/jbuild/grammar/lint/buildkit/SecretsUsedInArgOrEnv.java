package io.jbuild.grammar.lint.buildkit;

import io.jbuild.grammar.ast.ArgDeclaration;
import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.ast.KeyValue;
import io.jbuild.grammar.gotext.GoText;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Rule;
import io.jbuild.grammar.lint.RuleInfo;
import io.jbuild.grammar.lint.Stage;
import java.util.regex.Pattern;

/**
 * An ARG or ENV (in a stage) whose name says it holds a secret: a word such as {@code password} or
 * {@code token} at the start, the end, or between underscores, unless a word such as {@code public} or
 * {@code file} says otherwise. Build secrets belong in {@code RUN --mount=type=secret}.
 */
public final class SecretsUsedInArgOrEnv implements Rule {

    private static final String SECRETS = "apikey|auth|credential|credentials|key|password|pword|passwd|secret|token";
    private static final Pattern DENY = Pattern.compile("(?i)(?:_|^)(?:" + SECRETS + ")(?:_|$)");
    private static final Pattern ALLOW = Pattern.compile("(?i)(?:_|^)(?:public|file|version)(?:_|$)");

    private static final RuleInfo INFO = RuleInfo.buildkit("SecretsUsedInArgOrEnv", "secrets-used-in-arg-or-env",
            "Sensitive data should not be used in the ARG or ENV commands");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    public static boolean looksSecret(String key) {
        return DENY.matcher(key).find() && !ALLOW.matcher(key).find();
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (Stage s : file.stages()) {
            file.variables().walk(s, (i, scope) -> {
                if (i instanceof Instruction.Arg a) {
                    for (ArgDeclaration d : a.declarations()) {
                        report(file, i, "ARG", d.name(), d.name(), out);
                    }
                } else if (i instanceof Instruction.Env e) {
                    for (KeyValue kv : e.variables()) {
                        report(file, i, "ENV", file.variables().expand(kv.key(), scope.values()), kv.key(), out);
                    }
                }
            });
        }
    }

    private static void report(LintContext file, Instruction i, String kind, String key, String written, Findings out) {
        if (looksSecret(key)) {
            out.report(file.wordRange(i, written, 0, "="), "Do not use ARG or ENV instructions for sensitive data ("
                    + kind + " " + GoText.quote(key) + ")");
        }
    }
}
