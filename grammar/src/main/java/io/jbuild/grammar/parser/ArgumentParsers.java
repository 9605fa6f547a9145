package io.jbuild.grammar.parser;

import io.jbuild.grammar.gotext.GoText;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-instruction rules that turn an instruction's argument text into words, with BuildKit's exact
 * behaviour (it is what users' Dockerfiles were written against). Quotes are kept in the words: they are
 * removed later, together with variable expansion.
 */
final class ArgumentParsers {

    /** The words plus whether they came from a JSON array. */
    record Words(List<String> words, boolean json) {
        static final Words NONE = new Words(List.of(), false);

        static Words of(List<String> words) {
            return new Words(words, false);
        }
    }

    static final class ArgumentException extends Exception {
        ArgumentException(String message) {
            super(message);
        }
    }

    private ArgumentParsers() {
    }

    /** Which rule reads the arguments of {@code keyword} (lower case). */
    static Words parse(String keyword, String rest, char escape) throws ArgumentException {
        return switch (keyword) {
            case "add", "copy", "volume" -> maybeJsonToList(rest);
            case "arg" -> Words.of(words(rest, escape));
            case "cmd", "entrypoint", "run", "shell" -> maybeJson(rest);
            case "env" -> nameValue(rest, "ENV", escape);
            case "label" -> nameValue(rest, "LABEL", escape);
            case "expose", "from" -> Words.of(whitespaceDelimited(rest));
            case "healthcheck" -> healthcheck(rest);
            case "maintainer", "stopsignal", "user", "workdir" -> rest.isEmpty() ? Words.NONE : Words.of(List.of(rest));
            default -> Words.NONE; // unknown instructions keep no arguments; the typed layer reports them
        };
    }

    /**
     * Space-separated words where quotes group spaces and the escape character protects the next character;
     * quote and escape characters are kept.
     */
    static List<String> words(String rest, char escape) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        boolean blankOk = false;
        int quote = 0;
        int i = 0;
        int n = rest.length();
        while (i < n) {
            int ch = rest.codePointAt(i);
            int width = Character.charCount(ch);
            if (!inWord && quote == 0) {
                if (Spaces.isUnicodeSpace(ch)) {
                    i += width;
                    continue;
                }
                inWord = true;
            }
            if (quote == 0) {
                if (Spaces.isUnicodeSpace(ch)) {
                    if (blankOk || word.length() > 0) {
                        words.add(word.toString());
                    }
                    word.setLength(0);
                    blankOk = false;
                    inWord = false;
                    i += width;
                    continue;
                }
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                    blankOk = true;
                } else if (ch == escape) {
                    if (i + width == n) {
                        i += width; // an escape at the very end is dropped
                        continue;
                    }
                    word.appendCodePoint(ch);
                    i += width;
                    ch = rest.codePointAt(i);
                    width = Character.charCount(ch);
                }
                word.appendCodePoint(ch);
                i += width;
                continue;
            }
            // inside quotes
            if (ch == quote) {
                quote = 0;
            } else if (ch == escape && quote != '\'') {
                if (i + width == n) {
                    quote = 0;
                    i += width;
                    continue;
                }
                word.appendCodePoint(ch);
                i += width;
                ch = rest.codePointAt(i);
                width = Character.charCount(ch);
            }
            word.appendCodePoint(ch);
            i += width;
        }
        if (inWord && (blankOk || word.length() > 0)) {
            words.add(word.toString());
        }
        return words;
    }

    /** ENV and LABEL: either {@code key value} (legacy) or {@code key=value ...}; emits key, value, separator triples. */
    static Words nameValue(String rest, String instruction, char escape) throws ArgumentException {
        List<String> words = words(rest, escape);
        if (words.isEmpty()) {
            return Words.NONE;
        }
        List<String> out = new ArrayList<>();
        if (!words.get(0).contains("=")) {
            List<String> parts = Spaces.splitOnSeparators(rest, 2);
            if (parts.size() < 2) {
                throw new ArgumentException(instruction + " must have two arguments");
            }
            out.add(parts.get(0));
            out.add(parts.get(1));
            out.add("");
            return Words.of(out);
        }
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq < 0) {
                throw new ArgumentException("Syntax error - can't find = in " + GoText.quote(word)
                        + ". Must be of the form: name=value");
            }
            out.add(word.substring(0, eq));
            out.add(word.substring(eq + 1));
            out.add("=");
        }
        return Words.of(out);
    }

    static List<String> whitespaceDelimited(String rest) {
        return rest.isEmpty() ? List.of() : Spaces.splitOnSeparators(rest, -1);
    }

    /** Exec form if the text is a JSON array of strings, else the whole text as one shell-form word. */
    static Words maybeJson(String rest) throws ArgumentException {
        if (rest.isEmpty()) {
            return Words.NONE;
        }
        List<String> array = jsonArray(rest);
        return array != null ? new Words(array, true) : Words.of(List.of(rest));
    }

    /** Exec form if the text is a JSON array of strings, else words split at white space. */
    static Words maybeJsonToList(String rest) throws ArgumentException {
        List<String> array = jsonArray(rest);
        return array != null ? new Words(array, true) : Words.of(whitespaceDelimited(rest));
    }

    /** HEALTHCHECK: a type word (CMD, NONE, ...) then, for CMD, a command in either form. */
    static Words healthcheck(String rest) throws ArgumentException {
        int sep = 0;
        while (sep < rest.length() && !Spaces.isUnicodeSpace(rest.charAt(sep))) {
            sep++;
        }
        if (sep == 0) {
            return Words.NONE;
        }
        int next = Spaces.skipUnicodeSpace(rest, sep);
        Words command = maybeJson(rest.substring(next));
        List<String> words = new ArrayList<>();
        words.add(rest.substring(0, sep));
        words.addAll(command.words());
        return new Words(words, command.json());
    }

    /** The strings of a JSON array; null when the text is not JSON (shell form); an error when it is JSON of other values. */
    private static List<String> jsonArray(String rest) throws ArgumentException {
        String trimmed = Spaces.trimLeft(rest);
        if (!trimmed.startsWith("[")) {
            return null;
        }
        return ExecFormJson.parse(trimmed);
    }
}
