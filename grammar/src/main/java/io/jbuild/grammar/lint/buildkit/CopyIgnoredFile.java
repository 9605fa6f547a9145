package io.jbuild.grammar.lint.buildkit;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.gotext.GoText;
import io.jbuild.grammar.ignore.IgnoreRules;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Rule;
import io.jbuild.grammar.lint.RuleInfo;
import io.jbuild.grammar.lint.Stage;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * COPY or ADD of a context path that {@code .dockerignore} excludes, so the build will not find it. Runs only
 * when the options carry the context's ignore patterns, and (as in BuildKit) not when they re-include
 * anything with {@code !}, which cannot be judged without the files.
 */
public final class CopyIgnoredFile implements Rule {

    private static final RuleInfo INFO = RuleInfo.buildkit("CopyIgnoredFile", "copy-ignored-file",
            "Attempting to Copy file that is excluded by .dockerignore");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext file, Findings out) {
        if (file.options().dockerignore().isEmpty()) {
            return;
        }
        IgnoreRules ignore = file.options().dockerignore().get();
        if (ignore.isEmpty() || ignore.hasExceptions()) {
            return;
        }
        for (Stage s : file.stages()) {
            file.variables().walk(s, (i, scope) -> {
                List<String> sources;
                String cmd;
                if (i instanceof Instruction.Copy c && c.from().isEmpty()) {
                    sources = c.sources();
                    cmd = "Copy";
                } else if (i instanceof Instruction.Add a) {
                    sources = a.sources();
                    cmd = "Add";
                } else {
                    return;
                }
                int[] occurrence = new int[1];
                for (String written : sources) {
                    String src = file.variables().expand(written, scope.values());
                    if (src.contains("://") || src.startsWith("git@")) {
                        continue;
                    }
                    String clean = cleanSource(src);
                    if (ignore.matchesOrParentMatches(clean)) {
                        out.report(file.wordRange(i, written, occurrence[0], ""), "Attempting to " + cmd + " file "
                                + GoText.quote(clean) + " that is excluded by .dockerignore");
                    }
                }
            });
        }
    }

    /** Go's {@code filepath.Clean}, slash-separated. */
    private static String cleanSource(String src) {
        String s = src.length() >= 2 && (src.startsWith("\"") && src.endsWith("\"") || src.startsWith("'") && src.endsWith("'"))
                ? src.substring(1, src.length() - 1) : src;
        return new String(GoText.clean(GoText.utf8(s)), StandardCharsets.UTF_8);
    }
}
