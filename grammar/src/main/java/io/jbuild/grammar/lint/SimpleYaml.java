package io.jbuild.grammar.lint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small part of YAML that lint configuration files use: nested block mappings and sequences, flow
 * sequences and mappings of scalars ({@code [a, b]}, {@code {k: v}}), plain and quoted scalars, comments.
 * Values come back as {@code Map<String, Object>}, {@code List<Object>} and {@code String}; an empty value is
 * {@code ""}. The grammar module has no YAML library, and configuration needs no more than this.
 */
final class SimpleYaml {

    private record Line(int number, int indent, String text) {
    }

    private final List<Line> lines = new ArrayList<>();
    private int next;

    private SimpleYaml(String source) throws LintConfigException {
        String[] raw = source.replace("\r", "").split("\n", -1);
        for (int i = 0; i < raw.length; i++) {
            String l = raw[i];
            String lead = l.substring(0, l.length() - l.stripLeading().length());
            if (lead.indexOf('\t') >= 0 && !l.isBlank()) {
                throw new LintConfigException("line " + (i + 1) + ": tabs cannot be used for indentation in YAML");
            }
            String t = stripComment(l);
            if (t.isBlank() || t.strip().equals("---") || t.strip().equals("...")) {
                continue;
            }
            lines.add(new Line(i + 1, indentOf(t), t.strip()));
        }
    }

    /** The document's root value: a map, a list, a scalar, or an empty map for an empty document. */
    static Object parse(String source) throws LintConfigException {
        SimpleYaml y = new SimpleYaml(source);
        if (y.lines.isEmpty()) {
            return new LinkedHashMap<String, Object>();
        }
        Object root = y.block(y.lines.get(0).indent());
        if (y.next < y.lines.size()) {
            throw new LintConfigException("line " + y.lines.get(y.next).number() + ": unexpected indentation");
        }
        return root;
    }

    private static int indentOf(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    /** Removes a {@code #} comment that starts the line or follows white space, outside quotes. */
    private static String stripComment(String s) {
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '#' && (i == 0 || s.charAt(i - 1) == ' ' || s.charAt(i - 1) == '\t')) {
                return s.substring(0, i);
            }
        }
        return s;
    }

    private Object block(int indent) throws LintConfigException {
        Line first = lines.get(next);
        return first.text().equals("-") || first.text().startsWith("- ") ? sequence(indent) : mapping(indent);
    }

    private List<Object> sequence(int indent) throws LintConfigException {
        List<Object> out = new ArrayList<>();
        while (next < lines.size() && lines.get(next).indent() == indent && isItem(lines.get(next).text())) {
            Line l = lines.get(next++);
            String rest = l.text().substring(1).strip();
            if (rest.isEmpty()) {
                out.add(nestedOrEmpty(indent, false));
            } else if (keyEnd(rest) > 0 && !rest.startsWith("[") && !rest.startsWith("{")) {
                // "- key: value" starts a mapping whose further keys are indented past the dash
                int childIndent = indent + (l.text().length() - rest.length());
                lines.set(next - 1, new Line(l.number(), childIndent, rest));
                next--;
                out.add(mapping(childIndent));
            } else {
                out.add(value(rest, l.number()));
            }
        }
        return out;
    }

    private static boolean isItem(String text) {
        return text.equals("-") || text.startsWith("- ");
    }

    private Map<String, Object> mapping(int indent) throws LintConfigException {
        Map<String, Object> out = new LinkedHashMap<>();
        while (next < lines.size() && lines.get(next).indent() == indent && !isItem(lines.get(next).text())) {
            Line l = lines.get(next++);
            int colon = keyEnd(l.text());
            if (colon < 0) {
                throw new LintConfigException("line " + l.number() + ": expected \"key: value\", found \"" + l.text() + "\"");
            }
            String key = unquote(l.text().substring(0, colon).strip(), l.number());
            String rest = l.text().substring(colon + 1).strip();
            if (out.containsKey(key)) {
                throw new LintConfigException("line " + l.number() + ": duplicate key \"" + key + "\"");
            }
            out.put(key, rest.isEmpty() ? nestedOrEmpty(indent, true) : value(rest, l.number()));
        }
        return out;
    }

    /** The block under a key or dash: deeper lines, or (for a key) a sequence at the same indentation. */
    private Object nestedOrEmpty(int indent, boolean sameIndentSequence) throws LintConfigException {
        if (next >= lines.size()) {
            return "";
        }
        Line n = lines.get(next);
        if (n.indent() > indent) {
            return block(n.indent());
        }
        if (sameIndentSequence && n.indent() == indent && isItem(n.text())) {
            return sequence(indent);
        }
        return "";
    }

    /** Index of the colon that ends a mapping key (followed by a space or the end), outside quotes; -1 if none. */
    private static int keyEnd(String text) {
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == ':' && (i + 1 == text.length() || text.charAt(i + 1) == ' ')) {
                return i;
            }
        }
        return -1;
    }

    private static Object value(String text, int line) throws LintConfigException {
        if (text.startsWith("[")) {
            if (!text.endsWith("]")) {
                throw new LintConfigException("line " + line + ": unterminated flow sequence");
            }
            List<Object> out = new ArrayList<>();
            for (String part : splitFlow(text.substring(1, text.length() - 1))) {
                out.add(unquote(part, line));
            }
            return out;
        }
        if (text.startsWith("{")) {
            if (!text.endsWith("}")) {
                throw new LintConfigException("line " + line + ": unterminated flow mapping");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (String part : splitFlow(text.substring(1, text.length() - 1))) {
                int colon = keyEnd(part);
                if (colon < 0) {
                    throw new LintConfigException("line " + line + ": expected \"key: value\" in \"" + part + "\"");
                }
                out.put(unquote(part.substring(0, colon).strip(), line), unquote(part.substring(colon + 1).strip(), line));
            }
            return out;
        }
        return unquote(text, line);
    }

    private static List<String> splitFlow(String inner) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == ',') {
                parts.add(cur.toString().strip());
                cur.setLength(0);
                continue;
            }
            cur.append(c);
        }
        if (!cur.toString().isBlank()) {
            parts.add(cur.toString().strip());
        }
        parts.removeIf(String::isEmpty);
        return parts;
    }

    private static String unquote(String s, int line) throws LintConfigException {
        if (s.length() >= 2 && s.startsWith("'") && s.endsWith("'")) {
            return s.substring(1, s.length() - 1).replace("''", "'");
        }
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            StringBuilder out = new StringBuilder();
            String body = s.substring(1, s.length() - 1);
            for (int i = 0; i < body.length(); i++) {
                char c = body.charAt(i);
                if (c == '\\' && i + 1 < body.length()) {
                    char e = body.charAt(++i);
                    out.append(switch (e) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        default -> e;
                    });
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
        if (s.startsWith("'") || s.startsWith("\"")) {
            throw new LintConfigException("line " + line + ": unterminated quoted string " + s);
        }
        return s;
    }
}
