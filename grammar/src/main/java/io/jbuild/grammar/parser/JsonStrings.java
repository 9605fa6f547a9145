package io.jbuild.grammar.parser;

import java.util.List;

/**
 * JSON strings and arrays of strings as a Dockerfile writes them (the exec form, VOLUME), written; the parser's
 * {@code ExecFormJson} reads them. The one JSON string escaper of the code written by hand (the JSON documents of
 * core and the CLI are Jackson's).
 */
public final class JsonStrings {

    private JsonStrings() {
    }

    /**
     * A JSON string literal: quote, backslash, newline and tab as {@code \" \\ \n \t}, every other control
     * character as {@code \}{@code u00XX} (so a carriage return too: VOLUME's cache key text, which
     * {@code StepKeyTest} pins, has always said it so).
     */
    public static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** A JSON array of {@code values}, each {@link #quote quoted}, {@code separator} between them. */
    public static String array(List<String> values, String separator) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            out.append(i == 0 ? "" : separator).append(quote(values.get(i)));
        }
        return out.append(']').toString();
    }
}
