package io.jbuild.cli.template;

import java.util.ArrayList;
import java.util.List;

/** Splits an action's text into tokens (Go's lexer, for the syntax {@link TemplateParser} takes). */
final class Lexer {

    private final TemplateParser parser;
    private final String text;
    private final int base;
    private int i;

    Lexer(TemplateParser parser, String text, int base) {
        this.parser = parser;
        this.text = text;
        this.base = base;
    }

    List<Token> tokens() {
        List<Token> out = new ArrayList<>();
        while (true) {
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= text.length()) {
                return out;
            }
            int start = i;
            char c = text.charAt(i);
            if (c == '.' && (i + 1 >= text.length() || !Character.isDigit(text.charAt(i + 1)))) {
                out.add(token(Token.Kind.FIELD, start, "", chain()));
            } else if (c == '$') {
                i++;
                word();
                String name = text.substring(start, i);
                out.add(token(Token.Kind.VAR, start, name, chain()));
            } else if (c == '"' || c == '`') {
                out.add(token(Token.Kind.STRING, start, string(c), List.of()));
            } else if (c == '\'') {
                throw TemplateException.at(pos(start), "character constants are not supported");
            } else if (Character.isDigit(c) || ((c == '-' || c == '+' || c == '.') && i + 1 < text.length()
                    && (Character.isDigit(text.charAt(i + 1)) || text.charAt(i + 1) == '.'))) {
                i++;
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '.'
                        || ((text.charAt(i) == '+' || text.charAt(i) == '-')
                            && (text.charAt(i - 1) == 'e' || text.charAt(i - 1) == 'E')))) {
                    i++;
                }
                out.add(token(Token.Kind.NUMBER, start, text.substring(start, i), List.of()));
            } else if (Character.isLetter(c) || c == '_') {
                word();
                out.add(token(Token.Kind.IDENT, start, text.substring(start, i), List.of()));
            } else if (c == '|') {
                i++;
                out.add(token(Token.Kind.PIPE, start, "|", List.of()));
            } else if (c == '(') {
                i++;
                out.add(token(Token.Kind.LPAREN, start, "(", List.of()));
            } else if (c == ')') {
                i++;
                out.add(token(Token.Kind.RPAREN, start, ")", chain()));
            } else if (c == ',') {
                i++;
                out.add(token(Token.Kind.COMMA, start, ",", List.of()));
            } else if (c == ':' && i + 1 < text.length() && text.charAt(i + 1) == '=') {
                i += 2;
                out.add(token(Token.Kind.DECLARE, start, ":=", List.of()));
            } else {
                throw TemplateException.at(pos(start), "unexpected \"" + c + "\" in command");
            }
        }
    }

    private Token token(Token.Kind kind, int start, String value, List<String> chain) {
        String shown = kind == Token.Kind.FIELD ? text.substring(start, i) : value;
        return new Token(kind, shown, chain, pos(start), base + start, base + i);
    }

    private TemplateNode.Pos pos(int at) {
        return parser.pos(base + at);
    }

    private void word() {
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
            i++;
        }
    }

    /** {@code .A.B} right here (none after a {@code )} or variable followed by space). */
    private List<String> chain() {
        List<String> names = new ArrayList<>();
        while (i < text.length() && text.charAt(i) == '.') {
            int start = ++i;
            word();
            if (i == start) {
                if (names.isEmpty() && (i >= text.length() || !Character.isLetter(text.charAt(i)))) {
                    return List.of(); // dot alone
                }
                throw TemplateException.at(pos(start), "bad character in field name");
            }
            names.add(text.substring(start, i));
        }
        return List.copyOf(names);
    }

    private String string(char quote) {
        int start = i++;
        StringBuilder sb = new StringBuilder();
        while (i < text.length()) {
            char c = text.charAt(i++);
            if (c == quote) {
                return sb.toString();
            }
            if (c == '\\' && quote == '"') {
                if (i >= text.length()) {
                    break;
                }
                char e = text.charAt(i++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case '\\' -> sb.append('\\');
                    case '"' -> sb.append('"');
                    case 'u' -> {
                        String hex = i + 4 <= text.length() ? text.substring(i, i + 4) : "";
                        if (!hex.matches("[0-9a-fA-F]{4}")) {
                            throw TemplateException.at(pos(start), "invalid syntax: bad \\u escape");
                        }
                        sb.append((char) Integer.parseInt(hex, 16));
                        i += 4;
                    }
                    default -> throw TemplateException.at(pos(start), "unknown escape sequence: \\" + e);
                }
            } else {
                sb.append(c);
            }
        }
        throw TemplateException.at(pos(start), "unterminated quoted string");
    }
}
