package io.jbuild.lsp;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.CommentLine;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.Stage;
import io.jbuild.grammar.source.SourceRange;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.FoldingRange;
import org.eclipse.lsp4j.FoldingRangeKind;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/** Document symbols (the instructions before the first FROM, then each stage with its instructions) and folding. */
final class Outline {

    private static final int DETAIL = 60;

    private Outline() {
    }

    static List<Either<SymbolInformation, DocumentSymbol>> symbols(Analysis a) {
        LintContext c = a.context();
        List<Either<SymbolInformation, DocumentSymbol>> out = new ArrayList<>();
        for (Instruction i : c.globalInstructions()) {
            out.add(Either.forRight(symbol(a, i)));
        }
        for (Stage s : c.stages()) {
            List<DocumentSymbol> children = new ArrayList<>();
            for (Instruction i : s.instructions()) {
                children.add(symbol(a, i));
            }
            Range whole = a.lines().range(stageRange(s));
            Range select = a.lines().range(c.keywordRange(s.from()));
            String name = s.name().orElse("stage " + s.index());
            DocumentSymbol sym = new DocumentSymbol(name, SymbolKind.Class, whole, select, "FROM " + s.from().image());
            sym.setChildren(children);
            out.add(Either.forRight(sym));
        }
        return out;
    }

    private static DocumentSymbol symbol(Analysis a, Instruction i) {
        Range whole = a.lines().range(i.meta().range());
        Range select = a.lines().range(a.context().keywordRange(i));
        SymbolKind kind = i instanceof Instruction.Arg || i instanceof Instruction.Env ? SymbolKind.Variable
                : SymbolKind.Function;
        return new DocumentSymbol(i.name(), kind, whole, select, detail(a, i));
    }

    /** The instruction's arguments on one line, shortened. */
    private static String detail(Analysis a, Instruction i) {
        LintContext c = a.context();
        String s = c.logical(i).text().substring(Math.min(c.logical(i).text().length(), c.argumentsOffset(i)))
                .strip().replaceAll("\\s+", " ");
        return s.length() > DETAIL ? s.substring(0, DETAIL - 1) + "…" : s;
    }

    static SourceRange stageRange(Stage s) {
        SourceRange r = s.from().meta().range();
        for (Instruction i : s.instructions()) {
            if (i.meta().range().end().compareTo(r.end()) > 0) {
                r = new SourceRange(r.start(), i.meta().range().end());
            }
        }
        return r;
    }

    static List<FoldingRange> folding(Analysis a) {
        LintContext c = a.context();
        List<FoldingRange> out = new ArrayList<>();
        for (Stage s : c.stages()) {
            fold(a, stageRange(s), null, out);
        }
        for (Instruction i : c.parse().dockerfile().instructions()) {
            fold(a, i.meta().range(), null, out);
        }
        int first = -1;
        int last = -2;
        for (CommentLine l : c.comments()) {
            if (l.line() != last + 1) {
                foldComments(a, first, last, out);
                first = l.line();
            }
            last = l.line();
        }
        foldComments(a, first, last, out);
        return out;
    }

    private static void foldComments(Analysis a, int first, int last, List<FoldingRange> out) {
        if (first > 0 && last > first) {
            fold(a, SourceRange.of(first, 1, last, 2), FoldingRangeKind.Comment, out);
        }
    }

    private static void fold(Analysis a, SourceRange r, String kind, List<FoldingRange> out) {
        Range range = a.lines().range(r);
        int end = range.getEnd().getLine();
        if (range.getEnd().getCharacter() == 0 && end > range.getStart().getLine()) {
            end--; // a range that ends at the start of the next line
        }
        if (end > range.getStart().getLine()) {
            FoldingRange f = new FoldingRange(range.getStart().getLine(), end);
            if (kind != null) {
                f.setKind(kind);
            }
            out.add(f);
        }
    }
}
