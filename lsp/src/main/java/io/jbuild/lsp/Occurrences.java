package io.jbuild.lsp;

import io.jbuild.grammar.ast.ArgDeclaration;
import io.jbuild.grammar.ast.Flag;
import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.ast.KeyValue;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.LogicalText;
import io.jbuild.grammar.lint.Stage;
import io.jbuild.grammar.source.Position;
import io.jbuild.grammar.source.SourceRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where stage names and variables are declared and used: {@code FROM ... AS name}, {@code FROM name},
 * {@code --from=name} (COPY, RUN --mount); {@code ARG name}, {@code ENV name=}, {@code $name}, {@code ${name}}.
 */
final class Occurrences {

    enum Kind { STAGE, VARIABLE }

    /**
     * One place a name is written.
     *
     * @param stage the index of the stage it is in, -1 before the first FROM (FROM lines count as before their stage)
     */
    record Occurrence(Kind kind, String name, SourceRange range, boolean declaration, int stage) {

        boolean contains(Position p) {
            return range.start().compareTo(p) <= 0 && p.compareTo(range.end()) <= 0;
        }
    }

    private Occurrences() {
    }

    static List<Occurrence> of(Analysis a) {
        LintContext c = a.context();
        List<Occurrence> out = new ArrayList<>();
        List<String> stageNames = new ArrayList<>();
        for (Stage s : c.stages()) {
            s.name().ifPresent(n -> stageNames.add(n.toLowerCase(Locale.ROOT)));
        }
        for (Instruction i : c.globalInstructions()) {
            instruction(c, i, -1, stageNames, out);
        }
        for (Stage s : c.stages()) {
            instruction(c, s.from(), -1, stageNames, out);
            for (Instruction i : s.instructions()) {
                instruction(c, i, s.index(), stageNames, out);
            }
        }
        return out;
    }

    /** The occurrence at {@code p}, if a name is written there. */
    static Optional<Occurrence> at(List<Occurrence> all, Position p) {
        return all.stream().filter(o -> o.contains(p)).findFirst();
    }

    private static void instruction(LintContext c, Instruction i, int stage, List<String> stages, List<Occurrence> out) {
        Instruction inner = i instanceof Instruction.Onbuild o ? o.trigger() : i;
        if (inner instanceof Instruction.From f) {
            List<Arguments.Word> w = Arguments.of(c, f);
            if (!w.isEmpty() && stages.contains(w.get(0).text().toLowerCase(Locale.ROOT))) {
                out.add(new Occurrence(Kind.STAGE, w.get(0).text().toLowerCase(Locale.ROOT), w.get(0).range(), false,
                        stage));
            }
            if (w.size() == 3 && f.stageName().isPresent()) {
                out.add(new Occurrence(Kind.STAGE, f.stageName().get().toLowerCase(Locale.ROOT), w.get(2).range(), true,
                        stage));
            }
        }
        for (Flag flag : inner.meta().flags()) {
            fromFlag(flag, stage, out);
        }
        if (inner instanceof Instruction.Arg arg) {
            declarations(c, inner, arg.declarations().stream().map(ArgDeclaration::name).toList(), stage, out);
        } else if (inner instanceof Instruction.Env env) {
            declarations(c, inner, env.variables().stream().map(KeyValue::key).toList(), stage, out);
        }
        references(c, i, stage, out);
    }

    /** {@code --from=name}, and {@code from=name} inside {@code --mount=}: the name's range on the flag's line. */
    private static void fromFlag(Flag flag, int stage, List<Occurrence> out) {
        SourceRange r = flag.range();
        if (r.start().line() != r.end().line() || flag.value().isEmpty()) {
            return;
        }
        String raw = flag.raw();
        int at;
        int end;
        if (flag.name().equals("from")) {
            at = raw.indexOf('=') + 1;
            end = raw.length();
        } else if (flag.name().equals("mount")) {
            int k = raw.indexOf("from=");
            if (k < 0 || (k > 0 && raw.charAt(k - 1) != ',' && raw.charAt(k - 1) != '=')) {
                return;
            }
            at = k + 5;
            end = raw.indexOf(',', at) < 0 ? raw.length() : raw.indexOf(',', at);
        } else {
            return;
        }
        String name = raw.substring(at, end);
        if (at <= 0 || name.isEmpty() || name.contains("$") || name.contains("\"")) {
            return;
        }
        int col = r.start().column();
        out.add(new Occurrence(Kind.STAGE, name.toLowerCase(Locale.ROOT),
                SourceRange.of(r.start().line(), col + at, r.start().line(), col + end), false, stage));
    }

    private static void declarations(LintContext c, Instruction i, List<String> names, int stage, List<Occurrence> out) {
        LogicalText t = c.logical(i);
        int from = Math.min(t.text().length(), c.argumentsOffset(i));
        for (String name : names) {
            int k = t.text().indexOf(name, from);
            while (k >= 0 && !boundary(t.text(), k, k + name.length())) {
                k = t.text().indexOf(name, k + 1);
            }
            if (k >= 0) {
                out.add(new Occurrence(Kind.VARIABLE, name, t.range(k, k + name.length()), true, stage));
                from = k + name.length();
            }
        }
    }

    private static boolean boundary(String s, int from, int to) {
        return (from == 0 || !word(s.charAt(from - 1)) && s.charAt(from - 1) != '$')
                && (to >= s.length() || !word(s.charAt(to)));
    }

    static boolean word(char ch) {
        return Character.isLetterOrDigit(ch) || ch == '_';
    }

    /** {@code $name} and {@code ${name...}} in the instruction's text, but not {@code \$name} or {@code $$}. */
    private static void references(LintContext c, Instruction i, int stage, List<Occurrence> out) {
        LogicalText t = c.logical(i);
        String s = t.text();
        char escape = c.escape();
        for (int k = 0; k < s.length(); k++) {
            char ch = s.charAt(k);
            if (ch == escape) {
                k++;
                continue;
            }
            if (ch != '$' || k + 1 >= s.length()) {
                continue;
            }
            int from = s.charAt(k + 1) == '{' ? k + 2 : k + 1;
            int to = from;
            while (to < s.length() && word(s.charAt(to))) {
                to++;
            }
            if (to > from && !Character.isDigit(s.charAt(from))) {
                out.add(new Occurrence(Kind.VARIABLE, s.substring(from, to), t.range(from, to), false, stage));
            }
            k = to - 1;
        }
    }
}
