package io.jbuild.grammar.lint;

import java.util.List;

/** A mechanical fix for a diagnostic: a title for a menu and the edits that make it. */
public record QuickFix(String title, List<TextEdit> edits) {

    public QuickFix {
        edits = List.copyOf(edits);
    }

    public static QuickFix of(String title, TextEdit... edits) {
        return new QuickFix(title, List.of(edits));
    }
}
