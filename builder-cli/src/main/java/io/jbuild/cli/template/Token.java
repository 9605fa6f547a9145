package io.jbuild.cli.template;

import java.util.List;

/** One token of an action; {@code chain} holds the field names of a field, variable or {@code )} followed by fields. */
record Token(Kind kind, String text, List<String> chain, TemplateNode.Pos pos, int offset, int end) {

    enum Kind { FIELD, VAR, IDENT, STRING, NUMBER, PIPE, LPAREN, RPAREN, DECLARE, COMMA }
}
