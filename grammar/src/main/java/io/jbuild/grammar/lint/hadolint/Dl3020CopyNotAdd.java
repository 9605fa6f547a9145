package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.QuickFix;
import io.jbuild.grammar.lint.Step;
import io.jbuild.grammar.lint.TextEdit;
import io.jbuild.grammar.source.Severity;
import io.jbuild.grammar.source.SourceRange;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** DL3020: ADD of local files or folders (not an archive or URL); COPY says what it does. Fix: COPY. */
public final class Dl3020CopyNotAdd extends DlRule {

    public Dl3020CopyNotAdd() {
        super("DL3020", Severity.ERROR, "Use COPY instead of ADD for files and folders");
    }

    @Override
    public void check(LintContext file, Findings out) {
        for (Step s : file.steps(false)) {
            if (!(s.instruction() instanceof Instruction.Add a)) {
                continue;
            }
            boolean allRemoteOrArchive = a.sources().stream().allMatch(src -> Sh.isArchive(src)
                    || Sh.dropQuotes(src).startsWith("https://") || Sh.dropQuotes(src).startsWith("http://"));
            if (allRemoteOrArchive) {
                continue;
            }
            boolean addOnlyFlags = a.meta().flags().stream().anyMatch(f -> Set.of("checksum", "keep-git-dir", "unpack")
                    .contains(f.name()));
            SourceRange keyword = file.keywordRange(a);
            String copy = a.meta().keyword().equals(a.meta().keyword().toLowerCase(Locale.ROOT)) ? "copy" : "COPY";
            out.report(keyword, message(), addOnlyFlags ? List.of()
                    : List.of(QuickFix.of("Use " + copy, new TextEdit(keyword, copy))));
        }
    }
}
