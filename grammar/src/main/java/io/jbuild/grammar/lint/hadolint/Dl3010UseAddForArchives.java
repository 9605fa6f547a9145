package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Step;
import io.jbuild.grammar.lint.script.ShellCommand;
import io.jbuild.grammar.lint.script.ShellWord;
import io.jbuild.grammar.source.Severity;
import io.jbuild.grammar.source.SourceRange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** DL3010: an archive COPYed into the image and then extracted by RUN ({@code tar -x}, {@code unzip}, ...) in the stage. */
public final class Dl3010UseAddForArchives extends DlRule {

    private static final Set<String> UNPACKERS = Set.of("unzip", "gunzip", "bunzip2", "unlzma", "unxz", "zgz",
            "uncompress", "zcat", "gzcat");

    public Dl3010UseAddForArchives() {
        super("DL3010", Severity.INFO, "Use `ADD` for extracting archives into an image");
    }

    @Override
    public void check(LintContext file, Findings out) {
        Map<String, List<SourceRange>> archives = new HashMap<>(); // basename -> where COPY wrote it
        Set<SourceRange> reported = new HashSet<>();
        for (Step s : Passes.main(file)) {
            Instruction i = s.instruction();
            if (i instanceof Instruction.From) {
                archives.clear();
            } else if (i instanceof Instruction.Copy c && c.from().isEmpty()) {
                if (Sh.isArchive(c.destination())) {
                    archives.computeIfAbsent(Sh.basename(c.destination()), k -> new ArrayList<>())
                            .add(file.wordRange(c, c.destination()));
                } else {
                    for (String src : c.sources()) {
                        if (Sh.isArchive(src)) {
                            archives.computeIfAbsent(Sh.basename(src), k -> new ArrayList<>()).add(file.wordRange(c, src));
                        }
                    }
                }
            } else if (i instanceof Instruction.Run run) {
                for (ShellCommand cmd : file.script(run).commands()) {
                    if (!isExtract(cmd)) {
                        continue;
                    }
                    for (ShellWord w : cmd.argumentsWithoutFlags()) {
                        for (SourceRange at : archives.getOrDefault(Sh.basename(w.value()), List.of())) {
                            if (reported.add(at)) {
                                out.report(at, message());
                            }
                        }
                    }
                }
            }
        }
    }

    private static boolean isExtract(ShellCommand c) {
        if (c.name().equals("tar")) {
            return c.arguments().stream().anyMatch(a -> a.equals("--extract") || a.equals("--get")
                    || a.startsWith("-") && a.contains("x"));
        }
        return UNPACKERS.contains(c.name());
    }
}
