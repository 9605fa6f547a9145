package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.script.RunScript;
import io.jbuild.grammar.lint.script.ShellCommand;
import io.jbuild.grammar.lint.script.ShellWord;
import io.jbuild.grammar.source.Severity;
import java.util.List;
import java.util.Set;

/** DL3016: {@code npm install pkg} without {@code @version} (git URLs need {@code #ref}; paths and tarballs are fine). */
public final class Dl3016NpmPinVersions extends RunRule {

    private static final Set<String> VALUE_FLAGS = Set.of("loglevel", "registry");

    public Dl3016NpmPinVersions() {
        super("DL3016", Severity.WARNING, "Pin versions in npm. Instead of `npm install <package>` use `npm install "
                + "<package>@<version>`", true);
    }

    @Override
    void check(LintContext file, Instruction.Run run, RunScript script, Findings out) {
        for (ShellCommand c : script.commands()) {
            if (!c.is("npm", "install")) {
                continue;
            }
            List<ShellWord> words = c.argumentsWithoutFlags(VALUE_FLAGS);
            if (words.isEmpty() || !words.get(0).value().equals("install")) {
                continue;
            }
            for (ShellWord w : Sh.afterWord(words, "install")) {
                if (!pinned(w.value())) {
                    out.report(c.range(w), message());
                    return;
                }
            }
        }
    }

    private static boolean pinned(String p) {
        if (List.of("git://", "git+ssh://", "git+http://", "git+https://").stream().anyMatch(p::startsWith)) {
            return p.contains("#");
        }
        if (p.endsWith(".tar") || p.endsWith(".tar.gz") || p.endsWith(".tgz")) {
            return true;
        }
        if (p.startsWith("/") || p.startsWith("./") || p.startsWith("../") || p.startsWith("~/")) {
            return true;
        }
        String name = p.startsWith("@") ? p.substring(Math.max(0, p.indexOf('/'))) : p; // drop the @scope
        return name.contains("@");
    }
}
