package io.jbuild.lsp;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Stage;
import io.jbuild.grammar.source.Position;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * Completion from the text before the cursor on its line: instruction keywords at the start of an instruction, an
 * instruction's flags after {@code --}, their values ({@code --mount=type=cache,target=}, {@code --network=}),
 * stage names and the local store's image names after {@code --from=}, {@code from=} and FROM, and variable names
 * after {@code $} or {@code ${}.
 */
final class Completions {

    private static final Pattern KEYWORD = Pattern.compile("^\\s*(?:(?i:onbuild)\\s+)?([A-Za-z]*)$");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)?$");
    private static final Pattern FROM_IMAGE = Pattern.compile("^\\s*(?i:from)\\s+(?:--\\S+\\s+)*(\\S*)$");
    private static final Pattern FLAG = Pattern.compile("(?:^|\\s)--([a-z-]*)(?:=(\\S*))?$");
    private static final List<String> PREDEFINED = List.of("TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT",
            "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY");

    private Completions() {
    }

    static List<CompletionItem> at(Analysis a, org.eclipse.lsp4j.Position lsp) {
        return at(a, lsp, ImageNames.NONE);
    }

    /** As {@link #at(Analysis, org.eclipse.lsp4j.Position)}, offering {@code images} where an image may be named. */
    static List<CompletionItem> at(Analysis a, org.eclipse.lsp4j.Position lsp, ImageNames images) {
        LineMap lines = a.lines();
        int offset = lines.offset(lsp);
        int lineStart = lines.lineStart(lsp.getLine());
        String prefix = a.text().substring(lineStart, offset);
        Position p = a.lines().grammarPosition(offset);
        Optional<Instruction> here = CodeActions.instructionAt(a, p)
                .filter(i -> i.meta().range().end().line() >= p.line());
        boolean continued = here.isPresent() && here.get().meta().range().start().line() < p.line();

        Matcher v = VARIABLE.matcher(prefix);
        if (v.find()) {
            String typed = v.group(1) == null ? "" : v.group(1);
            Set<String> names = new LinkedHashSet<>(Scopes.at(a, p).names());
            names.addAll(PREDEFINED);
            return items(names, typed, lsp, CompletionItemKind.Variable, null);
        }
        Matcher k = KEYWORD.matcher(prefix);
        if (k.matches() && !continued) {
            List<CompletionItem> out = new ArrayList<>();
            String typed = k.group(1);
            boolean lower = !typed.isEmpty() && typed.equals(typed.toLowerCase(Locale.ROOT));
            for (InstructionDocs.Doc d : InstructionDocs.ALL) {
                String kw = lower ? d.keyword().toLowerCase(Locale.ROOT) : d.keyword();
                if (kw.regionMatches(true, 0, typed, 0, typed.length())) {
                    CompletionItem item = item(kw, typed, lsp, CompletionItemKind.Keyword, d.syntax());
                    item.setDocumentation(new MarkupContent(MarkupKind.MARKDOWN, d.summary() + "\n\n[reference]("
                            + d.url() + ")"));
                    out.add(item);
                }
            }
            return out;
        }
        Matcher f = FLAG.matcher(prefix);
        if (f.find()) {
            return flag(a, here, prefix, f, lsp, p, images);
        }
        Matcher from = FROM_IMAGE.matcher(prefix);
        if (from.matches()) {
            return stagesAndImages(a, p, from.group(1), lsp, images);
        }
        return List.of();
    }

    private static List<CompletionItem> flag(Analysis a, Optional<Instruction> here, String prefix, Matcher f,
                                             org.eclipse.lsp4j.Position lsp, Position p, ImageNames images) {
        String name = f.group(1);
        String keyword = here.map(i -> i instanceof Instruction.Onbuild o ? o.trigger() : i)
                .map(i -> i.meta().keyword()).orElseGet(() -> prefix.strip().split("\\s+")[0]);
        Optional<InstructionDocs.Doc> doc = InstructionDocs.of(keyword);
        if (doc.isEmpty()) {
            return List.of();
        }
        if (f.group(2) == null) {
            List<CompletionItem> out = new ArrayList<>();
            for (InstructionDocs.Flag fl : doc.get().flags()) {
                if (fl.name().startsWith(name)) {
                    CompletionItem item = item("--" + fl.name() + "=", "--" + name, lsp, CompletionItemKind.Property,
                            fl.summary());
                    item.setLabel("--" + fl.name());
                    out.add(item);
                }
            }
            return out;
        }
        String value = f.group(2);
        if (name.equals("from")) {
            return stagesAndImages(a, p, value, lsp, images);
        }
        if (name.equals("mount")) {
            String part = value.substring(value.lastIndexOf(',') + 1);
            int eq = part.indexOf('=');
            if (eq < 0) {
                List<CompletionItem> out = new ArrayList<>();
                for (String key : InstructionDocs.MOUNT_KEYS.keySet()) {
                    if (key.startsWith(part)) {
                        CompletionItem item = item(key + "=", part, lsp, CompletionItemKind.Property, null);
                        item.setLabel(key);
                        out.add(item);
                    }
                }
                return out;
            }
            String key = part.substring(0, eq);
            String typed = part.substring(eq + 1);
            if (key.equals("from")) {
                return stagesAndImages(a, p, typed, lsp, images);
            }
            return items(InstructionDocs.MOUNT_KEYS.getOrDefault(key, List.of()), typed, lsp,
                    CompletionItemKind.Value, null);
        }
        List<String> values = doc.get().flag(name).map(InstructionDocs.Flag::values).orElse(List.of());
        return items(values, value, lsp, CompletionItemKind.Value, null);
    }

    /** The stages above the line, then the images of the local store (where {@code FROM} and {@code --from=} look). */
    private static List<CompletionItem> stagesAndImages(Analysis a, Position p, String typed,
                                                        org.eclipse.lsp4j.Position lsp, ImageNames images) {
        List<String> stages = stagesBefore(a, p);
        List<CompletionItem> out = items(stages, typed, lsp, CompletionItemKind.Module, "stage");
        List<String> names;
        try {
            names = images.names();
        } catch (RuntimeException e) {
            return out; // a store that cannot be read has no names to offer; the stages still are
        }
        Set<String> seen = new LinkedHashSet<>(stages);
        List<String> fresh = new ArrayList<>();
        for (String n : names) {
            if (seen.add(n)) {
                fresh.add(n);
            }
        }
        out.addAll(items(fresh, typed, lsp, CompletionItemKind.Reference, "image"));
        return out;
    }

    /** The stage names defined above the line. */
    private static List<String> stagesBefore(Analysis a, Position p) {
        List<String> out = new ArrayList<>();
        for (Stage s : a.context().stages()) {
            if (s.from().meta().range().start().line() < p.line()) {
                s.name().ifPresent(out::add);
            }
        }
        return out;
    }

    private static List<CompletionItem> items(Iterable<String> labels, String typed, org.eclipse.lsp4j.Position at,
                                              CompletionItemKind kind, String detail) {
        List<CompletionItem> out = new ArrayList<>();
        for (String l : labels) {
            if (l.startsWith(typed)) {
                out.add(item(l, typed, at, kind, detail));
            }
        }
        return out;
    }

    /** An item replacing what was typed of it (the {@code typed} characters before the cursor). */
    private static CompletionItem item(String text, String typed, org.eclipse.lsp4j.Position at, CompletionItemKind kind,
                                       String detail) {
        CompletionItem item = new CompletionItem(text);
        item.setKind(kind);
        if (detail != null) {
            item.setDetail(detail);
        }
        Range r = new Range(new org.eclipse.lsp4j.Position(at.getLine(), Math.max(0, at.getCharacter() - typed.length())),
                at);
        item.setTextEdit(Either.forLeft(new TextEdit(r, text)));
        item.setFilterText(text);
        return item;
    }

}
