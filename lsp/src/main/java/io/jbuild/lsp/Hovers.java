package io.jbuild.lsp;

import io.jbuild.grammar.ast.Flag;
import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.LintDiagnostic;
import io.jbuild.grammar.lint.Stage;
import io.jbuild.grammar.source.Position;
import io.jbuild.grammar.source.SourceRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;

/**
 * Hover: the findings at the point (rule, message, what the rule wants, its documentation), the value a variable
 * has there, and what the instruction or flag under the point does.
 */
final class Hovers {

    private Hovers() {
    }

    static Optional<Hover> at(Analysis a, org.eclipse.lsp4j.Position lsp) {
        int offset = a.lines().offset(lsp);
        Position p = a.lines().grammarPosition(offset);
        List<String> parts = new ArrayList<>();
        for (LintDiagnostic d : a.findings()) {
            if (contains(d.range(), p)) {
                StringBuilder s = new StringBuilder("**" + d.ruleId() + "** (" + d.severity().label() + "): "
                        + d.message() + "\n\n" + d.description());
                d.url().ifPresent(u -> s.append("\n\n[").append(d.ruleId()).append("](").append(u).append(')'));
                parts.add(s.toString());
            }
        }
        Optional<Occurrences.Occurrence> o = Occurrences.at(Occurrences.of(a), p);
        if (o.isPresent() && o.get().kind() == Occurrences.Kind.VARIABLE) {
            parts.add(variable(a, o.get()));
        } else if (o.isPresent()) {
            stage(a, o.get().name()).ifPresent(parts::add);
        }
        Optional<Instruction> i = CodeActions.instructionAt(a, p);
        if (i.isPresent() && contains(i.get().meta().range(), p)) {
            Instruction at = i.get();
            if (at instanceof Instruction.Onbuild ob && contains(a.context().keywordRange(ob.trigger()), p)) {
                at = ob.trigger();
            }
            Optional<InstructionDocs.Doc> doc = InstructionDocs.of(at.meta().keyword());
            if (doc.isPresent() && contains(a.context().keywordRange(at), p)) {
                parts.add("```dockerfile\n" + doc.get().syntax() + "\n```\n" + doc.get().summary() + "\n\n["
                        + doc.get().keyword() + " reference](" + doc.get().url() + ")");
            }
            for (Flag f : at.meta().flags()) {
                Optional<InstructionDocs.Flag> fd = doc.flatMap(d -> d.flag(f.name()));
                if (contains(f.range(), p) && fd.isPresent()) {
                    parts.add("`--" + f.name() + "`: " + fd.get().summary()
                            + (fd.get().values().isEmpty() ? "" : " Values: " + String.join(", ", fd.get().values()) + "."));
                }
            }
        }
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Hover(new MarkupContent(MarkupKind.MARKDOWN, String.join("\n\n---\n\n", parts))));
    }

    private static String variable(Analysis a, Occurrences.Occurrence o) {
        Scopes.InScope scope = Scopes.at(a, o.range().start());
        String name = o.name();
        if (o.declaration()) {
            return "`" + name + "`: declared here";
        }
        if (scope.values().containsKey(name)) {
            return "`" + name + "` = `" + scope.values().get(name) + "`";
        }
        if (scope.declared().contains(name)) {
            return "`" + name + "`: declared without a value (empty unless given with --build-arg)";
        }
        return "`" + name + "`: not set here";
    }

    /** A stage by name: which it is and what it starts from. */
    private static Optional<String> stage(Analysis a, String name) {
        for (Stage s : a.context().stages()) {
            if (s.name().isPresent() && s.name().get().equalsIgnoreCase(name)) {
                return Optional.of("stage `" + s.name().get() + "` (" + s.index() + "): `FROM " + s.from().image()
                        + "`, line " + s.from().meta().range().start().line());
            }
        }
        return Optional.empty();
    }

    private static boolean contains(SourceRange r, Position p) {
        return r.start().compareTo(p) <= 0 && p.compareTo(r.end()) <= 0;
    }
}
