package io.jbuild.lsp;

import io.jbuild.grammar.ast.Directive;
import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.CommentLine;
import io.jbuild.grammar.lint.LintDiagnostic;
import io.jbuild.grammar.lint.Linter;
import io.jbuild.grammar.lint.Pragmas;
import io.jbuild.grammar.lint.QuickFix;
import io.jbuild.grammar.lint.RuleFamily;
import io.jbuild.grammar.lint.Rules;
import io.jbuild.grammar.source.Diagnostic;
import io.jbuild.grammar.source.Position;
import io.jbuild.grammar.source.SourceRange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * Quick fixes for the findings in a range: each fix the linter made, then "ignore RULE on this line" (a
 * {@code # hadolint ignore=} comment above the instruction, or the rule added to the one there; the linter honours it
 * for BuildKit's checks too) and "ignore RULE in this file": BuildKit's own {@code # check=skip=} directive for its
 * checks (so that {@code docker build} skips them as well), {@code # hadolint global ignore=} for the others. The
 * hadolint comments are not offered when the configuration disables them.
 */
final class CodeActions {

    /** The rule list of an ignore comment, to add a rule after its last. */
    private static final Pattern RULE_LIST = Pattern.compile(
            "ignore[ \\t]*=[ \\t]*[A-Za-z0-9]+(?:[ \\t]*,[ \\t]*[A-Za-z0-9]+)*");

    private CodeActions() {
    }

    static List<Either<Command, CodeAction>> of(Analysis a, Range range) {
        LineMap lines = a.lines();
        int from = lines.offset(range.getStart());
        int to = lines.offset(range.getEnd());
        Map<String, CodeAction> out = new LinkedHashMap<>();
        boolean pragmas = !a.context().config().disableIgnorePragma();
        for (LintDiagnostic d : a.findings()) {
            int start = lines.offset(d.range().start());
            int end = lines.offset(d.range().end());
            if (start > to || end < from) {
                continue;
            }
            org.eclipse.lsp4j.Diagnostic diagnostic = Diagnostics.of(d, lines);
            boolean first = true;
            for (QuickFix f : d.fixes()) {
                List<TextEdit> edits = new ArrayList<>();
                for (io.jbuild.grammar.lint.TextEdit e : f.edits()) {
                    edits.add(new TextEdit(lines.range(e.range()), e.newText()));
                }
                CodeAction action = action(f.title(), a, edits, diagnostic);
                action.setIsPreferred(first);
                first = false;
                out.putIfAbsent(d.ruleId() + " " + d.range() + " " + f.title(), action);
            }
            if (ignorable(d.ruleId())) {
                if (pragmas) {
                    ignoreHere(a, d).ifPresent(e -> out.putIfAbsent(e.getTitle(), e));
                }
                ignoreInFile(a, d, pragmas).ifPresent(e -> out.putIfAbsent(e.getTitle(), e));
            }
        }
        List<Either<Command, CodeAction>> list = new ArrayList<>();
        for (CodeAction c : out.values()) {
            list.add(Either.forRight(c));
        }
        return list;
    }

    /** Parse errors and the linter's own failures are not rules a comment can switch off. */
    private static boolean ignorable(String rule) {
        return !rule.equals(Diagnostic.SYNTAX) && !rule.equals(Diagnostic.INSTRUCTION) && !rule.equals(Linter.INTERNAL)
                && !rule.equals(Analysis.CONFIG) && rule.matches("[A-Za-z0-9]+");
    }

    private static Optional<CodeAction> ignoreHere(Analysis a, LintDiagnostic d) {
        Optional<Instruction> at = instructionAt(a, d.range().start());
        if (at.isEmpty()) {
            return Optional.empty();
        }
        Position start = at.get().meta().range().start();
        String title = "Ignore " + d.ruleId() + " on this line";
        String above = start.line() > 1 ? a.context().source().line(start.line() - 1) : "";
        Optional<Pragmas.Ignore> existing = above.stripLeading().startsWith("#")
                ? Pragmas.ignore(above.stripLeading().substring(1)) : Optional.empty();
        if (existing.isPresent() && existing.get().scope() == Pragmas.Scope.INSTRUCTION) {
            return addTo(a, d, start.line() - 1, above, title);
        }
        String line = a.context().source().line(start.line());
        String indent = line.substring(0, line.length() - line.stripLeading().length());
        Position bol = new Position(start.line(), 1);
        TextEdit e = new TextEdit(a.lines().range(new SourceRange(bol, bol)),
                indent + "# hadolint ignore=" + d.ruleId() + newline(a));
        return Optional.of(action(title, a, List.of(e), Diagnostics.of(d, a.lines())));
    }

    private static Optional<CodeAction> ignoreInFile(Analysis a, LintDiagnostic d, boolean pragmas) {
        String title = "Ignore " + d.ruleId() + " in this file";
        boolean buildkit = Rules.byId(d.ruleId()).map(r -> r.info().family() == RuleFamily.BUILDKIT).orElse(false);
        if (!buildkit && !pragmas) {
            return Optional.empty();
        }
        Optional<Directive> check = a.parse().dockerfile().directive("check");
        if (buildkit && check.isPresent()) {
            return addToCheck(a, d, check.get(), title);
        }
        if (!buildkit) {
            for (CommentLine c : a.context().comments()) {
                Optional<Pragmas.Ignore> p = Pragmas.ignore(c.text());
                if (p.isPresent() && p.get().scope() == Pragmas.Scope.GLOBAL) {
                    return addTo(a, d, c.line(), a.context().source().line(c.line()), title);
                }
            }
        }
        // after the directives (# syntax=, # escape=, # check=): a comment before them would end them
        int line = 1;
        for (Directive dir : a.parse().dockerfile().directives()) {
            line = Math.max(line, dir.range().end().line() + 1);
        }
        // BuildKit's checks are skipped with its own directive, which docker build honours too
        String comment = buildkit ? "# check=skip=" + d.ruleId() : "# hadolint global ignore=" + d.ruleId();
        TextEdit e;
        if (line > a.context().source().lineCount() && line > 1) {
            int end = a.text().length();
            e = new TextEdit(a.lines().range(end, end), newline(a) + comment);
        } else {
            Position bol = new Position(line, 1);
            e = new TextEdit(a.lines().range(new SourceRange(bol, bol)), comment + newline(a));
        }
        return Optional.of(action(title, a, List.of(e), Diagnostics.of(d, a.lines())));
    }

    /** The rule added to the {@code skip=} list of the {@code # check=} directive (or a {@code skip=} added to it). */
    private static Optional<CodeAction> addToCheck(Analysis a, LintDiagnostic d, Directive check, String title) {
        String value = check.value().strip();
        List<String> parts = new ArrayList<>();
        boolean added = false;
        for (String part : value.isEmpty() ? new String[0] : value.split(";", -1)) {
            String key = part.contains("=") ? part.substring(0, part.indexOf('=')).strip() : part.strip();
            if (key.equals("skip") && !added) {
                String list = part.substring(part.indexOf('=') + 1).strip();
                if (list.equals("all") || List.of(list.split(",")).stream().anyMatch(r -> r.strip().equals(d.ruleId()))) {
                    return Optional.empty();
                }
                parts.add("skip=" + (list.isEmpty() ? "" : list + ",") + d.ruleId());
                added = true;
            } else {
                parts.add(part.strip());
            }
        }
        if (!added) {
            parts.add("skip=" + d.ruleId());
        }
        int line = check.range().start().line();
        int width = a.context().source().line(line).length();
        TextEdit e = new TextEdit(a.lines().range(SourceRange.of(line, 1, line, width + 1)),
                "# check=" + String.join(";", parts));
        return Optional.of(action(title, a, List.of(e), Diagnostics.of(d, a.lines())));
    }

    /** The rule added to the ignore comment on {@code line} (unless it names it already). */
    private static Optional<CodeAction> addTo(Analysis a, LintDiagnostic d, int line, String text, String title) {
        Matcher m = RULE_LIST.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        for (String r : m.group().substring(m.group().indexOf('=') + 1).split(",")) {
            if (r.strip().equals(d.ruleId())) {
                return Optional.empty();
            }
        }
        Position at = new Position(line, m.end() + 1);
        TextEdit e = new TextEdit(a.lines().range(new SourceRange(at, at)), "," + d.ruleId());
        return Optional.of(action(title, a, List.of(e), Diagnostics.of(d, a.lines())));
    }

    /** The top-level instruction whose findings a comment above it governs: the last one starting at or before. */
    static Optional<Instruction> instructionAt(Analysis a, Position p) {
        Instruction found = null;
        for (Instruction i : a.parse().dockerfile().instructions()) {
            if (i.meta().range().start().compareTo(p) <= 0) {
                found = i;
            }
        }
        return Optional.ofNullable(found);
    }

    private static String newline(Analysis a) {
        return a.text().contains("\r\n") ? "\r\n" : "\n";
    }

    private static CodeAction action(String title, Analysis a, List<TextEdit> edits,
                                     org.eclipse.lsp4j.Diagnostic diagnostic) {
        CodeAction action = new CodeAction(title);
        action.setKind(CodeActionKind.QuickFix);
        action.setDiagnostics(List.of(diagnostic));
        action.setEdit(new WorkspaceEdit(Map.of(a.document().uri(), edits)));
        return action;
    }
}
