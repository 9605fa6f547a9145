package io.jbuild.cli.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.jbuild.cli.template.TemplateNode.Branch;
import io.jbuild.cli.template.TemplateNode.Command;
import io.jbuild.cli.template.TemplateNode.Operand;
import io.jbuild.cli.template.TemplateNode.Pipeline;
import io.jbuild.cli.template.TemplateNode.Pos;
import java.util.ArrayList;
import java.util.List;

/**
 * Go's text/template syntax, the part docker's {@code --format} templates use: text and actions with {@code {{-}}}
 * trimming and comments, pipelines of fields, variables, literals, parenthesised pipelines and functions, and
 * {@code if}/{@code else if}/{@code with}/{@code range} with {@code else}. Not: {@code define}, {@code template},
 * {@code block}, {@code break}/{@code continue}, method calls.
 */
final class TemplateParser {

    private final String src;
    private final List<Segment> segments = new ArrayList<>();
    private int next;

    private TemplateParser(String src) {
        this.src = src;
    }

    static List<TemplateNode> parse(String src) {
        TemplateParser p = new TemplateParser(src);
        p.split();
        return p.list(false);
    }

    /** Text, or an action's inner text and where it starts. */
    private record Segment(String text, int offset, boolean action) {
    }

    private void split() {
        int i = 0;
        while (true) {
            int open = src.indexOf("{{", i);
            if (open < 0) {
                text(src.substring(i));
                return;
            }
            String text = src.substring(i, open);
            int start = open + 2;
            if (start + 1 < src.length() && src.charAt(start) == '-' && space(src.charAt(start + 1))) {
                text = text.stripTrailing();
                start += 2;
            }
            text(text);
            int close = close(start, open);
            int end = close;
            boolean trimAfter = end - 2 >= start && src.charAt(end - 1) == '-' && space(src.charAt(end - 2));
            if (trimAfter) {
                end -= 2;
            }
            String inner = src.substring(start, end);
            String stripped = inner.strip();
            if (!(stripped.startsWith("/*") && stripped.endsWith("*/") && stripped.length() >= 4)) {
                segments.add(new Segment(inner, start, true));
            }
            i = close + 2;
            if (trimAfter) {
                while (i < src.length() && space(src.charAt(i))) {
                    i++;
                }
            }
        }
    }

    private void text(String text) {
        if (!text.isEmpty()) {
            segments.add(new Segment(text, -1, false));
        }
    }

    /** The index of the {@code }}} ending the action that starts at {@code start}, quotes respected. */
    private int close(int start, int open) {
        char quote = 0;
        for (int j = start; j < src.length(); j++) {
            char c = src.charAt(j);
            if (quote != 0) {
                if (c == '\\' && quote != '`') {
                    j++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '`' || c == '\'') {
                quote = c;
            } else if (c == '}' && j + 1 < src.length() && src.charAt(j + 1) == '}') {
                return j;
            }
        }
        throw TemplateException.at(pos(open), "unclosed action");
    }

    private static boolean space(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    Pos pos(int offset) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < offset && i < src.length(); i++) {
            if (src.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new Pos(line, col);
    }

    // ---- structure

    /** The keyword action that ended the last {@link #list}: {@code end}, or {@code else} and what follows it. */
    private List<Token> terminator;

    private List<TemplateNode> list(boolean nested) {
        List<TemplateNode> nodes = new ArrayList<>();
        while (next < segments.size()) {
            Segment s = segments.get(next++);
            if (!s.action()) {
                nodes.add(new TemplateNode.Text(s.text()));
                continue;
            }
            List<Token> tokens = new Lexer(this, s.text(), s.offset()).tokens();
            if (tokens.isEmpty()) {
                throw TemplateException.at(pos(s.offset()), "missing value for command");
            }
            Token first = tokens.get(0);
            String keyword = first.kind() == Token.Kind.IDENT ? first.text() : "";
            switch (keyword) {
                case "end", "else" -> {
                    if (!nested) {
                        throw TemplateException.at(first.pos(), "unexpected {{" + keyword + "}}");
                    }
                    terminator = tokens;
                    return nodes;
                }
                case "if" -> nodes.add(branch(Branch.Kind.IF, tokens.subList(1, tokens.size()), first));
                case "with" -> nodes.add(branch(Branch.Kind.WITH, tokens.subList(1, tokens.size()), first));
                case "range" -> nodes.add(branch(Branch.Kind.RANGE, tokens.subList(1, tokens.size()), first));
                case "define", "template", "block", "break", "continue" ->
                        throw TemplateException.at(first.pos(), "{{" + keyword + "}} is not supported here");
                default -> nodes.add(new TemplateNode.Action(pipeline(tokens, first.pos(), false)));
            }
        }
        if (nested) {
            throw TemplateException.at(pos(src.length()), "unexpected EOF");
        }
        return nodes;
    }

    private Branch branch(Branch.Kind kind, List<Token> rest, Token keyword) {
        if (rest.isEmpty()) {
            throw TemplateException.at(keyword.pos(), "missing value for " + keyword.text());
        }
        Pipeline p = pipeline(rest, keyword.pos(), kind == Branch.Kind.RANGE);
        List<TemplateNode> body = list(true);
        List<Token> term = terminator;
        Token t = term.get(0);
        if (t.text().equals("end")) {
            only(term, 1);
            return new Branch(kind, p, body, List.of());
        }
        // else
        if (term.size() > 1 && term.get(1).kind() == Token.Kind.IDENT && term.get(1).text().equals("if")) {
            Branch elseIf = branch(Branch.Kind.IF, term.subList(2, term.size()), term.get(1));
            return new Branch(kind, p, body, List.of(elseIf));
        }
        only(term, 1);
        List<TemplateNode> otherwise = list(true);
        if (!terminator.get(0).text().equals("end")) {
            throw TemplateException.at(terminator.get(0).pos(), "expected end; found {{else}}");
        }
        only(terminator, 1);
        return new Branch(kind, p, body, otherwise);
    }

    private void only(List<Token> tokens, int count) {
        if (tokens.size() > count) {
            throw TemplateException.at(tokens.get(count).pos(), "unexpected \"" + tokens.get(count).text()
                    + "\" in " + tokens.get(0).text());
        }
    }

    // ---- pipelines

    private Pipeline pipeline(List<Token> tokens, Pos pos, boolean range) {
        List<String> declared = new ArrayList<>();
        int i = 0;
        if (tokens.size() >= 2 && tokens.get(0).kind() == Token.Kind.VAR && tokens.get(0).chain().isEmpty()
                && tokens.get(1).kind() == Token.Kind.DECLARE) {
            declared.add(tokens.get(0).text());
            i = 2;
        } else if (range && tokens.size() >= 4 && tokens.get(0).kind() == Token.Kind.VAR
                && tokens.get(1).kind() == Token.Kind.COMMA && tokens.get(2).kind() == Token.Kind.VAR
                && tokens.get(3).kind() == Token.Kind.DECLARE) {
            declared.add(tokens.get(0).text());
            declared.add(tokens.get(2).text());
            i = 4;
        }
        List<Command> commands = new ArrayList<>();
        int depth = 0;
        int start = i;
        for (int j = i; j <= tokens.size(); j++) {
            Token t = j < tokens.size() ? tokens.get(j) : null;
            if (t != null && t.kind() == Token.Kind.LPAREN) {
                depth++;
            } else if (t != null && t.kind() == Token.Kind.RPAREN) {
                depth--;
                if (depth < 0) {
                    throw TemplateException.at(t.pos(), "unexpected right paren");
                }
            } else if (t == null || (t.kind() == Token.Kind.PIPE && depth == 0)) {
                if (depth > 0) {
                    throw TemplateException.at(pos, "unclosed left paren");
                }
                if (j == start) {
                    throw TemplateException.at(t == null ? pos : t.pos(), "missing value for command");
                }
                commands.add(command(tokens.subList(start, j)));
                start = j + 1;
            }
        }
        return new Pipeline(pos, List.copyOf(declared), List.copyOf(commands));
    }

    private Command command(List<Token> tokens) {
        List<Operand> operands = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            switch (t.kind()) {
                case FIELD -> operands.add(new TemplateNode.Field(t.chain()));
                case VAR -> operands.add(new TemplateNode.Variable(t.text(), t.chain()));
                case STRING -> operands.add(new TemplateNode.Literal(TextNode.valueOf(t.text())));
                case NUMBER -> operands.add(new TemplateNode.Literal(number(t)));
                case IDENT -> operands.add(identifier(t));
                case LPAREN -> {
                    int depth = 0;
                    int j = i;
                    for (; j < tokens.size(); j++) {
                        Token k = tokens.get(j);
                        if (k.kind() == Token.Kind.LPAREN) {
                            depth++;
                        } else if (k.kind() == Token.Kind.RPAREN && --depth == 0) {
                            break;
                        }
                    }
                    Pipeline inner = pipeline(tokens.subList(i + 1, j), t.pos(), false);
                    List<String> chain = tokens.get(j).chain();
                    operands.add(new TemplateNode.Nested(inner, chain));
                    i = j;
                }
                default -> throw TemplateException.at(t.pos(), "unexpected \"" + t.text() + "\" in command");
            }
        }
        Token first = tokens.get(0);
        Token last = tokens.get(tokens.size() - 1);
        return new Command(first.pos(), src.substring(first.offset(), last.end()), List.copyOf(operands));
    }

    private static Operand identifier(Token t) {
        return switch (t.text()) {
            case "true" -> new TemplateNode.Literal(BooleanNode.TRUE);
            case "false" -> new TemplateNode.Literal(BooleanNode.FALSE);
            case "nil" -> new TemplateNode.Literal(NullNode.getInstance());
            default -> {
                if (!Functions.defined(t.text())) {
                    throw TemplateException.at(t.pos(), "function \"" + t.text() + "\" not defined");
                }
                yield new TemplateNode.Identifier(t.text());
            }
        };
    }

    private static JsonNode number(Token t) {
        String n = t.text();
        try {
            if (n.matches("[+-]?\\d+")) {
                return LongNode.valueOf(Long.parseLong(n));
            }
            if (n.matches("[+-]?0[xX][0-9a-fA-F]+")) {
                long v = Long.parseLong(n.replaceFirst("^[+-]?0[xX]", ""), 16);
                return LongNode.valueOf(n.startsWith("-") ? -v : v);
            }
            return DoubleNode.valueOf(Double.parseDouble(n));
        } catch (NumberFormatException e) {
            throw TemplateException.at(t.pos(), "bad number syntax: \"" + n + "\"");
        }
    }
}
