package io.jbuild.grammar.shell;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One expansion of one word: a cursor over its code points. Never shared. */
final class WordScan {

    record Result(String result, List<String> words) {
    }

    private static final int EOF = -1;
    // Each ${...} level costs two stack frames; hostile nesting must fail cleanly instead of overflowing.
    private static final int MAX_NESTING = 500;

    private final ShellWordExpander options;
    private final String source;
    private final int[] cps;
    private final VariableLookup env;
    private final Set<String> matched = new LinkedHashSet<>();
    private final Set<String> unmatched = new LinkedHashSet<>();
    private int pos;
    private int nesting;
    private boolean rawEscapes;

    WordScan(ShellWordExpander options, String word, VariableLookup env) {
        this.options = options;
        this.source = word;
        this.cps = word.codePoints().toArray();
        this.env = env;
        this.rawEscapes = options.keepsEscapes();
    }

    Set<String> matched() {
        return matched;
    }

    Set<String> unmatched() {
        return unmatched;
    }

    Result run() throws ExpansionException {
        try {
            return processStopOn(EOF, rawEscapes);
        } catch (ExpansionException e) {
            throw new ExpansionException("failed to process " + quote(source) + ": " + e.getMessage(), e.offset());
        }
    }

    private int peek() {
        return pos < cps.length ? cps[pos] : EOF;
    }

    private int next() {
        return pos < cps.length ? cps[pos++] : EOF;
    }

    /** The char offset of the cursor, for error positions. */
    private int offset() {
        return source.offsetByCodePoints(0, Math.min(pos, cps.length));
    }

    private ExpansionException error(String message) {
        return new ExpansionException(message, offset());
    }

    /** Words of a list-taking instruction: white space from expanded variables splits, quoted text does not. */
    private static final class Words {
        private final StringBuilder buf = new StringBuilder();
        private final List<String> words = new ArrayList<>();
        private boolean inWord;

        void addChar(int c) {
            if (isSpace(c)) {
                if (inWord && buf.length() != 0) {
                    words.add(buf.toString());
                    buf.setLength(0);
                    inWord = false;
                }
            } else {
                addRawChar(c);
            }
        }

        void addRawChar(int c) {
            buf.appendCodePoint(c);
            inWord = true;
        }

        void addString(String s) {
            s.codePoints().forEach(this::addChar);
        }

        void addRawString(String s) {
            buf.append(s);
            inWord = true;
        }

        List<String> finish() {
            if (buf.length() > 0) {
                words.add(buf.toString());
                buf.setLength(0);
                inWord = false;
            }
            return words;
        }
    }

    private Result processStopOn(int stop, boolean raw) throws ExpansionException {
        boolean saved = rawEscapes;
        rawEscapes = raw;
        try {
            StringBuilder result = new StringBuilder();
            Words words = new Words();
            while (peek() != EOF) {
                int ch = peek();
                if (stop != EOF && ch == stop) {
                    next();
                    return new Result(result.toString(), words.finish());
                }
                if (ch == '$') {
                    String tmp = processDollar();
                    result.append(tmp);
                    words.addString(tmp);
                } else if (ch == '<') {
                    String tmp = processPossibleHeredoc();
                    result.append(tmp);
                    words.addRawString(tmp);
                } else if (ch == '\'' && !options.ignoresQuotes()) {
                    String tmp = processSingleQuote();
                    result.append(tmp);
                    words.addRawString(tmp);
                } else if (ch == '"' && !options.ignoresQuotes()) {
                    String tmp = processDoubleQuote();
                    result.append(tmp);
                    words.addRawString(tmp);
                } else {
                    ch = next();
                    if (ch == options.escape()) {
                        if (rawEscapes) {
                            words.addRawChar(ch);
                            result.appendCodePoint(ch);
                        }
                        ch = next();
                        if (ch == EOF) {
                            break; // an escape at the very end escapes nothing
                        }
                        words.addRawChar(ch);
                    } else {
                        words.addChar(ch);
                    }
                    result.appendCodePoint(ch);
                }
            }
            if (stop != EOF) {
                throw error("unexpected end of statement while looking for matching " + new String(Character.toChars(stop)));
            }
            return new Result(result.toString(), words.finish());
        } finally {
            rawEscapes = saved;
        }
    }

    private String processSingleQuote() throws ExpansionException {
        StringBuilder result = new StringBuilder();
        int ch = next();
        if (options.keepsQuotes()) {
            result.appendCodePoint(ch);
        }
        while (true) {
            ch = next();
            if (ch == EOF) {
                throw error("unexpected end of statement while looking for matching single-quote");
            }
            if (ch == '\'') {
                if (options.keepsQuotes()) {
                    result.appendCodePoint(ch);
                }
                return result.toString();
            }
            result.appendCodePoint(ch);
        }
    }

    private String processDoubleQuote() throws ExpansionException {
        StringBuilder result = new StringBuilder();
        int ch = next();
        if (options.keepsQuotes()) {
            result.appendCodePoint(ch);
        }
        while (true) {
            int p = peek();
            if (p == EOF) {
                throw error("unexpected end of statement while looking for matching double-quote");
            }
            if (p == '"') {
                ch = next();
                if (options.keepsQuotes()) {
                    result.appendCodePoint(ch);
                }
                return result.toString();
            }
            if (p == '$') {
                result.append(processDollar());
                continue;
            }
            ch = next();
            if (ch == options.escape()) {
                if (rawEscapes) {
                    result.appendCodePoint(ch);
                }
                int after = peek();
                if (after == EOF) {
                    continue; // the missing closing quote is reported on the next turn
                }
                // Inside double quotes only ", $ and the escape character itself can be escaped.
                if (after == '"' || after == '$' || after == options.escape()) {
                    ch = next();
                }
            }
            result.appendCodePoint(ch);
        }
    }

    private String processDollar() throws ExpansionException {
        int dollarAt = offset();
        next(); // $
        if (peek() != '{') {
            String name = processName();
            if (name.isEmpty()) {
                return "$";
            }
            Optional<String> value = lookup(name);
            if (value.isEmpty() && options.leavesUnsetAsWritten()) {
                return "$" + name;
            }
            return value.orElse("");
        }
        if (++nesting > MAX_NESTING) {
            throw error("substitutions nested more than " + MAX_NESTING + " deep");
        }
        try {
            return processBraces(dollarAt);
        } finally {
            nesting--;
        }
    }

    /** {@code dollarAt}: where the {@code $} is, so that a failed {@code ${var?message}} points at it. */
    private String processBraces(int dollarAt) throws ExpansionException {
        next(); // {
        int first = peek();
        if (first == EOF) {
            throw error("syntax error: missing '}'");
        }
        if (first == '{' || first == '}' || first == ':') {
            throw error("syntax error: bad substitution");
        }
        String name = processName();
        int ch = next();
        String chs = ch == EOF ? "" : new String(Character.toChars(ch));
        boolean nullIsUnset = false;
        if (ch == '}') {
            Optional<String> value = lookup(name);
            if (value.isEmpty() && options.leavesUnsetAsWritten()) {
                return "${" + name + "}";
            }
            return value.orElse("");
        }
        if (ch == ':') {
            nullIsUnset = true;
            ch = next();
            chs += ch == EOF ? "" : new String(Character.toChars(ch));
        } else if (ch == '/') {
            return processReplace(name);
        } else if (ch != '+' && ch != '-' && ch != '?' && ch != '#' && ch != '%') {
            throw error("unsupported modifier (" + chs + ") in substitution");
        }
        boolean patternOperator = ch == '#' || ch == '%';
        if (nullIsUnset && patternOperator) {
            throw error("unsupported modifier (" + chs + ") in substitution");
        }
        String word;
        try {
            word = processStopOn('}', patternOperator).result();
        } catch (ExpansionException e) {
            if (peek() == EOF) {
                throw error("syntax error: missing '}'");
            }
            throw e;
        }
        Optional<String> found = lookup(name);
        if (found.isEmpty() && options.leavesUnsetAsWritten()) {
            return "${" + name + chs + word + "}";
        }
        boolean set = found.isPresent();
        String value = found.orElse("");
        boolean absent = !set || (nullIsUnset && value.isEmpty());
        switch (ch) {
            case '-':
                return absent ? word : value;
            case '+':
                return absent ? "" : word;
            case '?':
                if (!set) {
                    throw new ExpansionException(name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word),
                            dollarAt);
                }
                if (nullIsUnset && value.isEmpty()) {
                    throw new ExpansionException(name + ": " + (word.isEmpty() ? "is not allowed to be empty" : word),
                            dollarAt);
                }
                return value;
            case '#':
            case '%': {
                boolean greedy = !word.isEmpty() && word.codePointAt(0) == ch;
                String pattern = greedy ? word.substring(Character.charCount(ch)) : word;
                return ch == '%' ? ShellPattern.trimSuffix(pattern, value, greedy)
                        : ShellPattern.trimPrefix(pattern, value, greedy);
            }
            default:
                throw error("unsupported modifier (" + chs + ") in substitution");
        }
    }

    /** {@code ${name/pattern/replacement}} and {@code ${name//pattern/replacement}}. */
    private String processReplace(String name) throws ExpansionException {
        boolean all = peek() == '/';
        if (all) {
            next();
        }
        String pattern;
        try {
            pattern = processStopOn('/', true).result();
        } catch (ExpansionException e) {
            if (peek() == EOF) {
                throw error("syntax error: missing '/' in ${}");
            }
            throw e;
        }
        String replacement;
        try {
            replacement = processStopOn('}', true).result();
        } catch (ExpansionException e) {
            if (peek() == EOF) {
                throw error("syntax error: missing '}'");
            }
            throw e;
        }
        Optional<String> found = lookup(name);
        if (found.isEmpty() && options.leavesUnsetAsWritten()) {
            return "${" + name + "/" + pattern + "/" + replacement + "}";
        }
        String value = found.orElse("");
        Pattern re = ShellPattern.toRegex(pattern, true, false);
        Matcher m = re.matcher(value);
        String literal = Matcher.quoteReplacement(replacement);
        return all ? m.replaceAll(literal) : m.replaceFirst(literal);
    }

    /** A variable name: letters, digits and _, or all digits, or one special parameter ($@, $#, ...). */
    private String processName() {
        StringBuilder name = new StringBuilder();
        while (peek() != EOF) {
            int ch = peek();
            if (name.length() == 0 && Character.isDigit(ch)) {
                while (peek() != EOF && Character.isDigit(peek())) {
                    name.appendCodePoint(next());
                }
                return name.toString();
            }
            if (name.length() == 0 && isSpecialParameter(ch)) {
                return new String(Character.toChars(next()));
            }
            if (!Character.isLetter(ch) && !Character.isDigit(ch) && ch != '_') {
                break;
            }
            name.appendCodePoint(next());
        }
        return name.toString();
    }

    /** {@code <<} is kept with the white space after it, so a heredoc word stays whole. */
    private String processPossibleHeredoc() {
        next();
        if (peek() != '<') {
            return "<";
        }
        next();
        StringBuilder space = new StringBuilder();
        while (peek() == '\t' || peek() == '\r' || peek() == ' ') {
            space.appendCodePoint(next());
        }
        return "<<" + space;
    }

    private Optional<String> lookup(String name) {
        Optional<String> value = env.get(name);
        (value.isPresent() ? matched : unmatched).add(name);
        return value;
    }

    private static boolean isSpecialParameter(int c) {
        return c == '@' || c == '*' || c == '#' || c == '?' || c == '-' || c == '$' || c == '!' || c == '0';
    }

    /** Go's {@code unicode.IsSpace}. */
    static boolean isSpace(int c) {
        return switch (c) {
            case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0 -> true;
            default -> c > 0xFF && (Character.getType(c) == Character.SPACE_SEPARATOR || c == 0x2028 || c == 0x2029);
        };
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.append('"').toString();
    }
}
