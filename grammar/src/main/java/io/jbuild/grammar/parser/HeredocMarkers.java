package io.jbuild.grammar.parser;

import io.jbuild.grammar.shell.ExpansionException;
import io.jbuild.grammar.shell.ShellWordExpander;
import io.jbuild.grammar.shell.VariableLookup;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds heredoc markers ({@code <<EOF}, {@code <<-"EOF"}, {@code 3<<EOF}) in an instruction line. A quoted
 * delimiter turns off expansion of the body; this is told by splitting the word with and without keeping
 * quotes, as BuildKit does. Heredoc words are always read with the backslash escape, whatever the file's
 * escape character.
 */
final class HeredocMarkers {

    /** A marker found in the line; the body is read from the lines that follow. */
    record Marker(String name, int fileDescriptor, boolean chomp, boolean expand) {
    }

    private static final Pattern MARKER = Pattern.compile("^(\\d*)<<(-?)[\\t\\n\\f\\r ]*([^<]*)$");

    private static final ShellWordExpander LINE_WORDS =
            ShellWordExpander.withEscape('\\').rawQuotes(true).rawEscapes(true).skipUnsetEnv(true);
    private static final ShellWordExpander NAME_WORDS = ShellWordExpander.withEscape('\\').skipUnsetEnv(true);
    private static final ShellWordExpander NAME_WORDS_RAW = NAME_WORDS.rawQuotes(true);

    private HeredocMarkers() {
    }

    /** The markers of a whole instruction line, in order. */
    static List<Marker> inLine(String line) throws ExpansionException {
        List<String> words;
        try {
            words = LINE_WORDS.processWords(line, VariableLookup.empty());
        } catch (ExpansionException e) {
            words = List.of(); // BuildKit ignores a line it cannot split here
        }
        List<Marker> markers = new ArrayList<>();
        for (String word : words) {
            parse(word).ifPresent(markers::add);
        }
        return markers;
    }

    /** The marker that {@code word} is, if it is one (used for COPY and ADD sources too). */
    static Optional<Marker> parse(String word) throws ExpansionException {
        Matcher m = MARKER.matcher(word);
        if (!m.matches() || m.group(3).isEmpty()) {
            return Optional.empty();
        }
        String rest = m.group(3);
        List<String> plain = NAME_WORDS.processWords(rest, VariableLookup.empty());
        if (plain.size() != 1) {
            return Optional.empty();
        }
        List<String> raw = NAME_WORDS_RAW.processWords(rest, VariableLookup.empty());
        if (raw.size() != 1) {
            throw new ExpansionException("internal lexing of heredoc produced inconsistent results: " + rest, 0);
        }
        int fd = m.group(1).isEmpty() ? 0 : parseDescriptor(m.group(1));
        boolean expand = quoteCount(plain.get(0)) == quoteCount(raw.get(0));
        return Optional.of(new Marker(plain.get(0), fd, m.group(2).equals("-"), expand));
    }

    /** Like {@link #parse} for callers that treat an unreadable word as "not a marker". */
    static Optional<Marker> parseQuietly(String word) {
        try {
            return parse(word);
        } catch (ExpansionException e) {
            return Optional.empty();
        }
    }

    private static int parseDescriptor(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return 0; // absurdly long digit runs: BuildKit also falls back to 0
        }
    }

    private static int quoteCount(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\'' || s.charAt(i) == '"') {
                n++;
            }
        }
        return n;
    }
}
