package io.jbuild.grammar.parser;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/** Reads the exec form (a JSON array of strings) with the {@code JsonArray} grammar. */
final class ExecFormJson {

    static final String NOT_STRINGS = "when using JSON array syntax, arrays must be comprised of strings only";

    // Deeper nesting is never a command; refusing it keeps the recursive-descent parser off the stack limit.
    private static final int MAX_DEPTH = 200;

    private static final class NotJson extends RuntimeException {
        NotJson() {
            super(null, null, false, false);
        }
    }

    private static final BaseErrorListener THROWING = new BaseErrorListener() {
        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int col, String msg,
                                RecognitionException e) {
            throw new NotJson();
        }
    };

    private ExecFormJson() {
    }

    /**
     * @return the strings, or null when {@code text} is not a JSON array (the caller falls back to shell form)
     * @throws ArgumentParsers.ArgumentException when it is JSON but holds something other than strings
     */
    static List<String> parse(String text) throws ArgumentParsers.ArgumentException {
        List<String> plain = plain(text);
        return plain != null ? plain : grammar(text);
    }

    /**
     * The strings of an array of plain strings (no escape, no control character, no surrogate) between JSON's white
     * space: the common exec form, read without the ANTLR grammar, whose first use costs a short build ~10 ms of
     * start-up. Null for any other text, which the grammar then reads ({@code ExecFormJsonTest} holds the two to the
     * same answers).
     */
    static List<String> plain(String text) {
        int n = text.length();
        int i = skipWhiteSpace(text, 0);
        if (i == n || text.charAt(i) != '[') {
            return null;
        }
        List<String> out = new ArrayList<>();
        i = skipWhiteSpace(text, i + 1);
        if (i < n && text.charAt(i) == ']') {
            return skipWhiteSpace(text, i + 1) == n ? out : null;
        }
        while (i < n && text.charAt(i) == '"') {
            int start = ++i;
            while (i < n && text.charAt(i) != '"') {
                char c = text.charAt(i);
                if (c == '\\' || c < 0x20 || Character.isSurrogate(c)) {
                    return null;
                }
                i++;
            }
            if (i == n) {
                return null;
            }
            out.add(text.substring(start, i));
            i = skipWhiteSpace(text, i + 1);
            if (i < n && text.charAt(i) == ']') {
                return skipWhiteSpace(text, i + 1) == n ? out : null;
            }
            if (i == n || text.charAt(i) != ',') {
                return null;
            }
            i = skipWhiteSpace(text, i + 1);
        }
        return null;
    }

    /** The first index from {@code i} that is not JSON white space. */
    private static int skipWhiteSpace(String text, int i) {
        while (i < text.length() && " \t\n\r".indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }

    /** As {@link #parse}, by the grammar alone. */
    static List<String> grammar(String text) throws ArgumentParsers.ArgumentException {
        if (nestingDepth(text) > MAX_DEPTH) {
            throw new ArgumentParsers.ArgumentException(NOT_STRINGS);
        }
        JsonArrayLexer lexer = new JsonArrayLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        lexer.addErrorListener(THROWING);
        JsonArrayParser parser = new JsonArrayParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.addErrorListener(THROWING);
        parser.setErrorHandler(new BailErrorStrategy());
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        JsonArrayParser.DocumentContext doc;
        try {
            doc = parser.document();
        } catch (NotJson | ParseCancellationException e) {
            return null;
        }
        List<String> out = new ArrayList<>();
        JsonArrayParser.ArrayContext array = doc.array();
        boolean allStrings = true;
        for (JsonArrayParser.ValueContext value : array.value()) {
            if (value instanceof JsonArrayParser.StringValueContext s) {
                String decoded = decodeString(s.STRING().getSymbol());
                out.add(decoded);
            } else {
                allStrings = false;
            }
        }
        if (!allStrings) {
            throw new ArgumentParsers.ArgumentException(NOT_STRINGS);
        }
        return out;
    }

    /** Brackets and braces open at the deepest point, outside strings. */
    private static int nestingDepth(String text) {
        int depth = 0;
        int max = 0;
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                max = Math.max(max, ++depth);
            } else if (c == ']' || c == '}') {
                depth--;
            }
        }
        return max;
    }

    /** A JSON string literal's value; lone surrogates become U+FFFD as in Go. */
    private static String decodeString(Token token) {
        String s = token.getText();
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    char unit = (char) Integer.parseInt(s.substring(i + 1, i + 5), 16);
                    i += 4;
                    if (Character.isHighSurrogate(unit) && i + 6 < s.length() && s.charAt(i + 1) == '\\'
                            && s.charAt(i + 2) == 'u') {
                        char low = (char) Integer.parseInt(s.substring(i + 3, i + 7), 16);
                        if (Character.isLowSurrogate(low)) {
                            out.append(unit).append(low);
                            i += 6;
                            continue;
                        }
                    }
                    out.append(Character.isSurrogate(unit) ? '\uFFFD' : unit);
                }
                default -> out.append(e); // \" \\ \/
            }
        }
        return out.toString();
    }
}
