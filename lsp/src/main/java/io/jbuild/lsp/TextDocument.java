package io.jbuild.lsp;

import java.util.List;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;

/**
 * One open document: its URI, the version the client gave it and its text, immutable; an edit makes a new one.
 */
record TextDocument(String uri, int version, String text) {

    /**
     * The document after the client's changes, in order: each replaces a range (in the text as the changes before it
     * left it) or, without a range, the whole text.
     */
    TextDocument apply(int newVersion, List<TextDocumentContentChangeEvent> changes) {
        String t = text;
        for (TextDocumentContentChangeEvent c : changes) {
            String inserted = c.getText() == null ? "" : c.getText();
            if (c.getRange() == null) {
                t = inserted;
            } else {
                LineMap lines = LineMap.of(t);
                int from = lines.offset(c.getRange().getStart());
                int to = lines.offset(c.getRange().getEnd());
                if (to < from) {
                    int x = from;
                    from = to;
                    to = x;
                }
                t = t.substring(0, from) + inserted + t.substring(to);
            }
        }
        return new TextDocument(uri, newVersion, t);
    }
}
