package io.jbuild.grammar.lint.buildkit;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.LogicalText;
import io.jbuild.grammar.parser.Node;
import io.jbuild.grammar.source.SourceRange;
import java.util.List;

/** Where the words of a FROM line are: what several stage rules point at. */
final class Froms {

    private Froms() {
    }

    /** The three words of {@code FROM image AS name} as written, or null for another shape. */
    static List<String> words(LintContext file, Instruction.From from) {
        List<String> args = file.node(from).map(Node::arguments).orElse(List.of());
        return args.size() == 3 ? args : null;
    }

    /** The stage name as written (its case kept), or null. */
    static String writtenStageName(LintContext file, Instruction.From from) {
        List<String> w = words(file, from);
        return w == null ? null : w.get(2);
    }

    /** The range of the stage name: the last word of the arguments. */
    static SourceRange stageNameRange(LintContext file, Instruction.From from, String written) {
        LogicalText t = file.logical(from);
        int start = file.argumentsOffset(from);
        int image = t.indexOfWord(words(file, from).get(0), start, "");
        int as = image < 0 ? -1 : t.indexOfWord(words(file, from).get(1), image + words(file, from).get(0).length(), "");
        int name = as < 0 ? -1 : t.indexOfWord(written, as + 2, "");
        return name < 0 ? file.argumentsRange(from) : t.range(name, name + written.length());
    }

    /** The range of the {@code AS} keyword. */
    static SourceRange asRange(LintContext file, Instruction.From from) {
        List<String> w = words(file, from);
        LogicalText t = file.logical(from);
        int image = t.indexOfWord(w.get(0), file.argumentsOffset(from), "");
        int as = image < 0 ? -1 : t.indexOfWord(w.get(1), image + w.get(0).length(), "");
        return as < 0 ? file.argumentsRange(from) : t.range(as, as + w.get(1).length());
    }
}
