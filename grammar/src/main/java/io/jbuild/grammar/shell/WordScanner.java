package io.jbuild.grammar.shell;

import io.jbuild.grammar.gotext.GoText;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One expansion of one word, following BuildKit's {@code shell.Lex} step by step: the same characters are
 * consumed in the same order, because where the cursor is when something fails decides which error BuildKit
 * reports. Mutable, used by one call only.
 *
 * <p>BuildKit recurses for every {@code ${...}} operand and double-quoted string. Here those are frames on an
 * explicit stack, so that no input, however deeply nested, can overflow the Java stack of the calling thread
 * (recursion cost about 1 KB of stack per level).
 */
final class WordScanner {

    /** How deeply {@code ${...}} may nest; bounds the copying of nested results (BuildKit has no limit). */
    static final int MAX_NESTING = 1000;

    private static final int EOF = -1;

    private final ShellWordExpander options;
    private final String source;
    private final int[] cps;
    private final VariableLookup env;
    private final Set<String> matched = new LinkedHashSet<>();
    private final Set<String> unmatched = new LinkedHashSet<>();
    private final WordSplitter words = new WordSplitter();
    private final Deque<Frame> stack = new ArrayDeque<>();
    private int pos;
    private int braces;

    WordScanner(ShellWordExpander options, String word, VariableLookup env) {
        this.options = options;
        this.source = word;
        this.cps = word.codePoints().toArray();
        this.env = env;
        // Go's text/scanner, which BuildKit reads the word with, drops a byte-order mark at the very start.
        this.pos = cps.length > 0 && cps[0] == '\uFEFF' ? 1 : 0;
    }

    /** Expands the word; afterwards {@link #words()}, {@link #matched()} and {@link #unmatched()} are filled in. */
    String run() throws ExpansionException {
        Text word = new Text(EOF, options.rawEscapes(), null, null);
        stack.push(word);
        try {
            while (true) {
                Frame top = stack.peek();
                if (top instanceof Quoted quoted) {
                    stepQuoted(quoted);
                } else if (stepText((Text) top)) {
                    return word.out.toString();
                }
            }
        } catch (ExpansionException e) {
            throw reportedAtEnd(e);
        }
    }

    List<String> words() {
        return words.finish();
    }

    Set<String> matched() {
        return matched;
    }

    Set<String> unmatched() {
        return unmatched;
    }

    // ---- frames

    /** What the scanner is inside of: the word, an operand of a ${...}, a double-quoted string, or a ${...}. */
    private abstract static class Frame {
    }

    /** The word itself ({@code owner == null}) or an operand of {@code owner}, read up to {@code stop}. */
    private static final class Text extends Frame {
        final int stop;
        final boolean rawEscapes;
        final Brace owner;
        /** What BuildKit reports when this operand runs into the end of the word. */
        final String unterminated;
        final StringBuilder out = new StringBuilder();

        Text(int stop, boolean rawEscapes, Brace owner, String unterminated) {
            this.stop = stop;
            this.rawEscapes = rawEscapes;
            this.owner = owner;
            this.unterminated = unterminated;
        }

        boolean isWord() {
            return owner == null;
        }
    }

    /** A double-quoted string; escapes behave as in the text around it. */
    private static final class Quoted extends Frame {
        final int open;
        final boolean rawEscapes;
        final StringBuilder out = new StringBuilder();

        Quoted(int open, boolean rawEscapes) {
            this.open = open;
            this.rawEscapes = rawEscapes;
        }
    }

    /** A {@code ${name<op>...}} waiting for its operands. */
    private static final class Brace extends Frame {
        final int dollarAt;
        final int opAt;
        final String name;
        /** The operator as written ({@code :-}, {@code #}, {@code /}...), for messages and skipUnsetEnv. */
        final String written;
        final int op;
        final boolean nullIsUnset;
        final boolean replaceAll;
        /** For {@code /}: the pattern, once read. */
        String pattern;

        Brace(int dollarAt, int opAt, String name, String written, int op, boolean nullIsUnset, boolean replaceAll) {
            this.dollarAt = dollarAt;
            this.opAt = opAt;
            this.name = name;
            this.written = written;
            this.op = op;
            this.nullIsUnset = nullIsUnset;
            this.replaceAll = replaceAll;
        }
    }

    // ---- reading

    private int peek() {
        return pos < cps.length ? cps[pos] : EOF;
    }

    private int next() {
        return pos < cps.length ? cps[pos++] : EOF;
    }

    private boolean atEnd() {
        return pos >= cps.length;
    }

    private ExpansionException fail(String reason, int at) {
        return ExpansionException.inWord(source, reason, source.offsetByCodePoints(0, Math.min(at, cps.length)));
    }

    /**
     * BuildKit replaces any error from inside a {@code ${...}} operand that left the cursor at the end of the word
     * by "missing '}'" (or "missing '/'"); the outermost open operand's replacement is the one that surfaces.
     */
    private ExpansionException reportedAtEnd(ExpansionException e) {
        if (!atEnd()) {
            return e;
        }
        for (Iterator<Frame> it = stack.descendingIterator(); it.hasNext(); ) {
            if (it.next() instanceof Text text && !text.isWord()) {
                return fail(text.unterminated, text.owner.dollarAt);
            }
        }
        return e;
    }

    /** One step in the word or an operand; true when the word is complete. */
    private boolean stepText(Text text) throws ExpansionException {
        if (atEnd()) {
            if (text.isWord()) {
                return true;
            }
            throw fail("unexpected end of statement while looking for matching " + GoText.text(text.stop), pos);
        }
        int ch = peek();
        if (text.stop != EOF && ch == text.stop) {
            pos++;
            stack.pop();
            operandRead(text.owner, text.out.toString());
        } else if (ch == '$') {
            dollar();
        } else if (ch == '<') {
            deliver(possibleHeredoc(), false);
        } else if (ch == '\'' && !options.skipProcessQuotes()) {
            deliver(singleQuoted(), false);
        } else if (ch == '"' && !options.skipProcessQuotes()) {
            Quoted quoted = new Quoted(pos, text.rawEscapes);
            pos++;
            if (options.rawQuotes()) {
                quoted.out.append('"');
            }
            stack.push(quoted);
        } else {
            pos++;
            if (ch == options.escape()) {
                if (text.rawEscapes) {
                    text.out.appendCodePoint(ch);
                    if (text.isWord()) {
                        words.addKept(ch);
                    }
                }
                if (atEnd()) {
                    return false; // an escape at the very end escapes nothing and is dropped
                }
                ch = next();
                if (text.isWord()) {
                    words.addKept(ch);
                }
            } else if (text.isWord()) {
                words.addSplitting(ch);
            }
            text.out.appendCodePoint(ch);
        }
        return false;
    }

    /** One step in a double-quoted string: variables expand, and only {@code " $} and the escape can be escaped. */
    private void stepQuoted(Quoted quoted) throws ExpansionException {
        int ch = peek();
        if (ch == EOF) {
            throw fail("unexpected end of statement while looking for matching double-quote", quoted.open);
        }
        if (ch == '"') {
            pos++;
            if (options.rawQuotes()) {
                quoted.out.append('"');
            }
            stack.pop();
            deliver(quoted.out.toString(), false);
            return;
        }
        if (ch == '$') {
            dollar();
            return;
        }
        pos++;
        if (ch == options.escape()) {
            if (quoted.rawEscapes) {
                quoted.out.appendCodePoint(ch);
            }
            if (atEnd()) {
                return; // reported as the missing closing quote on the next step
            }
            int escaped = peek();
            if (escaped == '"' || escaped == '$' || escaped == options.escape()) {
                ch = escaped;
                pos++;
            }
            // Otherwise the escape character stays literal and is written below: twice with rawEscapes, exactly
            // as BuildKit does.
        }
        quoted.out.appendCodePoint(ch);
    }

    /** Adds expanded text to the frame on top: a variable's value ({@code splits}) or quoted text. */
    private void deliver(String value, boolean splits) {
        Frame top = stack.peek();
        if (top instanceof Quoted quoted) {
            quoted.out.append(value);
            return;
        }
        Text text = (Text) top;
        text.out.append(value);
        if (text.isWord()) {
            if (splits) {
                words.addSplitting(value); // unquoted white space from a variable splits words, as in a shell
            } else {
                words.addKept(value);
            }
        }
    }

    /** Everything up to the next {@code '}, taken literally; there is no way to escape a single quote. */
    private String singleQuoted() throws ExpansionException {
        int open = pos;
        StringBuilder result = new StringBuilder();
        int quote = next();
        if (options.rawQuotes()) {
            result.appendCodePoint(quote);
        }
        while (true) {
            int ch = next();
            if (ch == EOF) {
                throw fail("unexpected end of statement while looking for matching single-quote", open);
            }
            if (ch == '\'') {
                if (options.rawQuotes()) {
                    result.appendCodePoint(ch);
                }
                return result.toString();
            }
            result.appendCodePoint(ch);
        }
    }

    /** {@code <<} plus the blanks after it, kept as one piece so that {@code << EOF} stays one word. */
    private String possibleHeredoc() {
        pos++;
        if (peek() != '<') {
            return "<";
        }
        pos++;
        StringBuilder marker = new StringBuilder("<<");
        while (peek() == ' ' || peek() == '\t' || peek() == '\r') {
            marker.appendCodePoint(next());
        }
        return marker.toString();
    }

    // ---- variables

    /** {@code $name}, {@code ${name}}, or the start of {@code ${name<op>...}}; the cursor is on the {@code $}. */
    private void dollar() throws ExpansionException {
        int dollarAt = pos;
        pos++;
        if (peek() != '{') {
            String name = name();
            if (name.isEmpty()) {
                deliver("$", true);
                return;
            }
            Optional<String> value = lookup(name);
            deliver(value.isEmpty() && options.skipUnsetEnv() ? "$" + name : value.orElse(""), true);
            return;
        }
        pos++;
        int first = peek();
        if (first == EOF) {
            throw fail("syntax error: missing '}'", dollarAt);
        }
        if (first == '{' || first == '}' || first == ':') {
            throw fail("syntax error: bad substitution", dollarAt);
        }
        String name = name();
        int opAt = pos;
        int op = next();
        switch (op) {
            case '}' -> {
                Optional<String> value = lookup(name);
                deliver(value.isEmpty() && options.skipUnsetEnv() ? "${" + name + "}" : value.orElse(""), true);
            }
            case '/' -> {
                boolean all = peek() == '/';
                if (all) {
                    pos++;
                }
                open(new Brace(dollarAt, opAt, name, "/", '/', false, all), '/', true,
                        "syntax error: missing '/' in ${}");
            }
            case ':', '+', '-', '?', '#', '%' -> {
                boolean nullIsUnset = op == ':';
                String written = GoText.text(op);
                if (nullIsUnset) {
                    // Whatever follows the colon is the operator; an unknown one is only rejected once the operand
                    // has been read (and not at all when the variable is unset and skipUnsetEnv is on).
                    op = next();
                    written += GoText.text(op);
                }
                boolean pattern = op == '#' || op == '%';
                if (nullIsUnset && pattern) {
                    throw fail("unsupported modifier (" + written + ") in substitution", opAt);
                }
                // Pattern operands keep their escapes so that \* stays a literal star.
                open(new Brace(dollarAt, opAt, name, written, op, nullIsUnset, false), '}', pattern,
                        "syntax error: missing '}'");
            }
            case EOF -> throw fail("syntax error: missing '}'", dollarAt);
            default -> throw fail("unsupported modifier (" + GoText.text(op) + ") in substitution", opAt);
        }
    }

    /** Pushes {@code brace} and starts reading its first operand. */
    private void open(Brace brace, int stop, boolean rawEscapes, String unterminated) throws ExpansionException {
        if (braces >= MAX_NESTING) {
            throw fail("syntax error: ${...} nested too deep (more than " + MAX_NESTING + " levels)", brace.dollarAt);
        }
        braces++;
        stack.push(brace);
        readOperand(brace, stop, rawEscapes, unterminated);
    }

    private void readOperand(Brace brace, int stop, boolean rawEscapes, String unterminated) {
        words.discardPending();
        stack.push(new Text(stop, rawEscapes, brace, unterminated));
    }

    /** An operand of {@code brace} (now on top of the stack) has been read. */
    private void operandRead(Brace brace, String operand) throws ExpansionException {
        if (brace.op == '/' && brace.pattern == null) {
            brace.pattern = operand;
            readOperand(brace, '}', true, "syntax error: missing '}'");
            return;
        }
        String value = brace.op == '/' ? replaced(brace, operand) : modified(brace, operand);
        stack.pop();
        braces--;
        deliver(value, true);
    }

    /** {@code ${name[:]-word}}, {@code +}, {@code ?}, {@code #}, {@code ##}, {@code %}, {@code %%}. */
    private String modified(Brace brace, String word) throws ExpansionException {
        Optional<String> found = lookup(brace.name);
        if (found.isEmpty() && options.skipUnsetEnv()) {
            return "${" + brace.name + brace.written + word + "}";
        }
        String value = found.orElse("");
        boolean absent = found.isEmpty() || brace.nullIsUnset && value.isEmpty();
        switch (brace.op) {
            case '-':
                return absent ? word : value;
            case '+':
                return absent ? "" : word;
            case '?':
                if (found.isEmpty()) {
                    throw fail(brace.name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word),
                            brace.dollarAt);
                }
                if (absent) {
                    throw fail(brace.name + ": " + (word.isEmpty() ? "is not allowed to be empty" : word),
                            brace.dollarAt);
                }
                return value;
            case '#':
            case '%': {
                // A doubled operator (## or %%) asks for the longest match; BuildKit checks the expanded operand.
                boolean longest = !word.isEmpty() && word.charAt(0) == brace.op;
                String glob = longest ? word.substring(1) : word;
                try {
                    return brace.op == '#' ? ShellPattern.trimPrefix(glob, value, longest)
                            : ShellPattern.trimSuffix(glob, value, longest);
                } catch (ShellPattern.InvalidPatternException e) {
                    throw fail(e.getMessage(), brace.dollarAt);
                }
            }
            default:
                throw fail("unsupported modifier (" + brace.written + ") in substitution", brace.opAt);
        }
    }

    /** {@code ${name/pattern/replacement}} and {@code ${name//pattern/replacement}}. */
    private String replaced(Brace brace, String replacement) throws ExpansionException {
        Optional<String> found = lookup(brace.name);
        if (found.isEmpty() && options.skipUnsetEnv()) {
            // BuildKit writes a single slash here, also for //.
            return "${" + brace.name + "/" + brace.pattern + "/" + replacement + "}";
        }
        try {
            return ShellPattern.replace(brace.pattern, found.orElse(""), replacement, brace.replaceAll);
        } catch (ShellPattern.InvalidPatternException e) {
            throw fail(e.getMessage(), brace.dollarAt);
        }
    }

    /**
     * A variable name: letters, digits and {@code _}; or only digits (a positional parameter); or one special
     * parameter character. May be empty.
     */
    private String name() {
        int start = pos;
        int first = peek();
        if (first == EOF) {
            return "";
        }
        if (Character.isDigit(first)) {
            while (Character.isDigit(peek())) {
                pos++;
            }
        } else if (isSpecialParameter(first)) {
            pos++;
        } else {
            while (peek() != EOF && GoText.isNameChar(peek())) {
                pos++;
            }
        }
        return new String(cps, start, pos - start);
    }

    private static boolean isSpecialParameter(int c) {
        return c == '@' || c == '*' || c == '#' || c == '?' || c == '-' || c == '$' || c == '!' || c == '0';
    }

    private Optional<String> lookup(String name) {
        Optional<String> value = env.get(name);
        (value.isPresent() ? matched : unmatched).add(name);
        return value;
    }
}
