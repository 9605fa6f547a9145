package io.jbuild.grammar.shell;

import io.jbuild.grammar.gotext.GoText;

/**
 * The replacement of {@code ${var//pattern/replacement}}. BuildKit hands it to Go's
 * {@code Regexp.ReplaceAllString}, which treats {@code $} specially ({@code Regexp.Expand}): {@code $$} is a
 * dollar, {@code $name} or {@code ${name}} is a capture group. BuildKit's pattern has no groups but the whole
 * match, so {@code $0} and {@code ${0}} insert the matched text and any other well-formed reference inserts
 * nothing; a {@code $} that starts no reference stays as it is.
 */
final class GoReplacement {

    private GoReplacement() {
    }

    static void expand(StringBuilder out, String template, String match) {
        int i = 0;
        while (i < template.length()) {
            int dollar = template.indexOf('$', i);
            if (dollar < 0) {
                break;
            }
            out.append(template, i, dollar);
            i = dollar + 1;
            if (i < template.length() && template.charAt(i) == '$') {
                out.append('$');
                i++;
                continue;
            }
            int after = reference(template, i);
            if (after < 0) {
                out.append('$');
                continue;
            }
            if (referenceName(template, i).equals("0")) {
                out.append(match);
            }
            i = after;
        }
        out.append(template, i, template.length());
    }

    /** Where the reference starting at {@code at} (after the {@code $}) ends, or -1 when it is malformed. */
    private static int reference(String t, int at) {
        boolean brace = at < t.length() && t.charAt(at) == '{';
        int start = brace ? at + 1 : at;
        int end = nameEnd(t, start);
        if (end == start) {
            return -1;
        }
        if (brace) {
            return end < t.length() && t.charAt(end) == '}' ? end + 1 : -1;
        }
        return end;
    }

    private static String referenceName(String t, int at) {
        int start = t.charAt(at) == '{' ? at + 1 : at;
        return t.substring(start, nameEnd(t, start));
    }

    private static int nameEnd(String t, int from) {
        int i = from;
        while (i < t.length()) {
            int c = t.codePointAt(i);
            if (!GoText.isNameChar(c)) {
                break;
            }
            i += Character.charCount(c);
        }
        return i;
    }
}
