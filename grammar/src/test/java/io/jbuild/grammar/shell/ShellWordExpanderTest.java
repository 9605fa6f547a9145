package io.jbuild.grammar.shell;

import io.jbuild.grammar.gotext.GoText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ShellWordExpanderTest {

    private static final ShellWordExpander LEX = ShellWordExpander.withEscape('\\');
    private static final ShellWordExpander BACKTICK = ShellWordExpander.withEscape('`');
    private static final VariableLookup ENV = env(
            "NAME", "world", "EMPTY", "", "PATHS", "a/b/c.tar.gz", "SPACED", "x  y", "KOREAN", "한국어",
            "LINES", "ab\ncd", "EMOJI", "a😀b");

    private static VariableLookup env(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return VariableLookup.of(map);
    }

    private static String expand(String word) throws ExpansionException {
        return LEX.processWord(word, ENV);
    }

    private static ExpansionException failure(ShellWordExpander lex, String word) {
        ExpansionException e = catchThrowableOfType(() -> lex.processWord(word, ENV), ExpansionException.class);
        assertThat(e).as("expanding %s must fail", word).isNotNull();
        return e;
    }

    // ---- operators

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "$NAME ${NAME} $KOREAN!|world world 한국어!",
        "${UNSET:-d},${EMPTY:-d},${NAME:-d}|d,d,world",
        "${UNSET-d},${EMPTY-d},${NAME-d}|d,,world",
        "${UNSET:+a},${EMPTY:+a},${NAME:+a}|,,a",
        "${UNSET+a},${EMPTY+a},${NAME+a}|,a,a",
        "${NAME:?m},${NAME?m},${EMPTY?m}.|world,world,.",
        "${PATHS#*/}|b/c.tar.gz",
        "${PATHS##*/}|c.tar.gz",
        "${PATHS%.*}|a/b/c.tar",
        "${PATHS%%.*}|a/b/c",
        "${PATHS%/*}|a/b",
        "${PATHS%%/*}|a",
        "${PATHS#?/}|b/c.tar.gz",
        "${PATHS#x}|a/b/c.tar.gz",
        "${PATHS/\\//-}|a-b/c.tar.gz",
        "${PATHS//\\//-}|a-b-c.tar.gz",
        "${PATHS/*./X}|Xgz",
        "${PATHS//?/.}|............",
        "${PATHS/[/X}|a/b/c.tar.gz",
        "${UNSET/a/b}.|.",
        "${EMOJI#a?}|b",
        "${EMOJI%?b}|a",
        "${EMOJI//?/.}|...",
        "${KOREAN%어}|한국",
        "$1${1}$@${#}$$|''",
        "$|$",
        "a$.b|a$.b",
        "${NAME:-${UNSET:-$PATHS}}|world",
        "${UNSET:-${UNSET2:-$PATHS}}|a/b/c.tar.gz",
        "${UNSET:-\"$NAME\" 'x'}|world x",
    })
    void operators(String word, String expected) throws ExpansionException {
        assertThat(expand(word)).isEqualTo(expected.equals("''") ? "" : expected);
    }

    @Test
    void patternsDoNotCrossNewlinesBecauseBuildKitUsesGoRegexp() throws ExpansionException {
        assertThat(expand("${LINES##*}")).isEqualTo("\ncd");
        assertThat(expand("${LINES%%*}")).isEqualTo("ab\n");
        assertThat(expand("${LINES#ab?}")).isEqualTo("ab\ncd");
        assertThat(expand("${LINES//*/X}")).isEqualTo("X\nX");
    }

    /** BuildKit passes the replacement of // to Go's ReplaceAllString, which expands $0, ${0} and $$. */
    @Test
    void replaceAllExpandsGoTemplateReferences() throws ExpansionException {
        VariableLookup vars = env("V", "foo", "R0", "[$0]", "R1", "<${0}>", "RD", "$$", "RN", "$1|$x|", "RB", "${0",
                "RL", "$");
        assertThat(LEX.processWord("${V//o/$R0}", vars)).isEqualTo("f[o][o]");
        assertThat(LEX.processWord("${V//o/$R1}", vars)).isEqualTo("f<o><o>");
        assertThat(LEX.processWord("${V//o/$RD}", vars)).isEqualTo("f$$");
        assertThat(LEX.processWord("${V//o/$RN}", vars)).isEqualTo("f||||");
        assertThat(LEX.processWord("${V//o/$RB}", vars)).isEqualTo("f${0${0");
        assertThat(LEX.processWord("${V//o/$RL}", vars)).isEqualTo("f$$");
        // Replacing only the first match inserts the replacement literally.
        assertThat(LEX.processWord("${V/o/$R0}", vars)).isEqualTo("f[$0]o");
        // An escaped $ stays in the pattern-side operand, with its escape, and then reaches Go's template.
        assertThat(LEX.processWord("${V//o/\\$0}", vars)).isEqualTo("f\\o\\o");
    }

    // ---- BuildKit's own unit tests (lex_test.go)

    record MatchCase(String input, Map<String, String> env, String expected, Set<String> matched,
                     Set<String> unmatched) {
        @Override
        public String toString() {
            return input;
        }
    }

    private static MatchCase ok(String input, Map<String, String> env, String expected, Set<String> matched,
                                Set<String> unmatched) {
        return new MatchCase(input, env, expected, matched, unmatched);
    }

    private static MatchCase error(String input, Map<String, String> env) {
        return new MatchCase(input, env, null, Set.of(), Set.of());
    }

    /** TestProcessWithMatches from BuildKit's lex_test.go, case for case. */
    static Stream<MatchCase> buildKitMatchCases() {
        Map<String, String> fooBar = Map.of("FOO", "xxx", "BAR", "");
        Map<String, String> xxyy = Map.of("FOO", "xxyy");
        return Stream.of(
                ok("x", Map.of("DUMMY", "dummy"), "x", Set.of(), Set.of()),
                ok("x ${UNUSED}", Map.of("DUMMY", "dummy"), "x ", Set.of(), Set.of("UNUSED")),
                ok("x ${FOO}", Map.of("FOO", "y"), "x y", Set.of("FOO"), Set.of()),
                ok("${FOO-aaa} ${BAR-bbb} ${BAZ-ccc}", fooBar, "xxx  ccc", Set.of("FOO", "BAR"), Set.of("BAZ")),
                ok("${FOO:-aaa} ${BAR:-bbb} ${BAZ:-ccc}", fooBar, "xxx bbb ccc", Set.of("FOO", "BAR"), Set.of("BAZ")),
                ok("${FOO:-}", fooBar, "xxx", Set.of("FOO"), Set.of()),
                ok("${FOO:-}", Map.of(), "", Set.of(), Set.of("FOO")),
                ok("${FOO+aaa} ${BAR+bbb} ${BAZ+ccc}", fooBar, "aaa bbb ", Set.of("FOO", "BAR"), Set.of("BAZ")),
                ok("${FOO:+aaa} ${BAR:+bbb} ${BAZ:+ccc}", fooBar, "aaa  ", Set.of("FOO", "BAR"), Set.of("BAZ")),
                ok("${FOO?aaa}", fooBar, "xxx", Set.of("FOO"), Set.of()),
                ok("${BAR?bbb}", fooBar, "", Set.of("BAR"), Set.of()),
                error("${BAZ?ccc}", fooBar),
                ok("${FOO:?aaa}", fooBar, "xxx", Set.of("FOO"), Set.of()),
                error("${BAR:?bbb}", fooBar),
                error("${BAZ:?ccc}", fooBar),
                error("${BAZ:?}", fooBar),
                error("${FOO=aaa}", fooBar),
                error("${FOO=:aaa}", fooBar),
                error("${FOO=}", Map.of()),
                ok("${FOO#()[]{\\}^$.\\*\\?|\\\\}", Map.of("FOO", "()[]{}^$.*?|\\x"), "x", Set.of("FOO"), Set.of()),
                ok("${FOO%%\\**}", Map.of("FOO", "xx**"), "xx", Set.of("FOO"), Set.of()),
                ok("${FOO#*x*y}", xxyy, "y", Set.of("FOO"), Set.of()),
                ok("${FOO#*}", xxyy, "xxyy", Set.of("FOO"), Set.of()),
                ok("${FOO#$BAR}", Map.of("FOO", "xxyy", "BAR", "x"), "xyy", Set.of("FOO", "BAR"), Set.of()),
                ok("${FOO#$BAR}", Map.of("FOO", "xxyy", "BAR", ""), "xxyy", Set.of("FOO", "BAR"), Set.of()),
                ok("${FOO#}", xxyy, "xxyy", Set.of("FOO"), Set.of()),
                ok("${FOO##*x}", xxyy, "yy", Set.of("FOO"), Set.of()),
                ok("${FOO##}", xxyy, "xxyy", Set.of("FOO"), Set.of()),
                ok("${FOO#?\\?}", Map.of("FOO", "???y"), "?y", Set.of("FOO"), Set.of()),
                ok("${ABC:-.}${FOO%x}${ABC:-.}", xxyy, ".xxyy.", Set.of("FOO"), Set.of("ABC")),
                ok("${FOO%%\\**\\*}", Map.of("FOO", "a***yy*"), "a", Set.of("FOO"), Set.of()),
                ok("${FOO%}", xxyy, "xxyy", Set.of("FOO"), Set.of()),
                ok("${FOO%%$BAR}", Map.of("FOO", "xxyy", "BAR", ""), "xxyy", Set.of("FOO", "BAR"), Set.of()),
                error("${FOO:#}", Map.of()),
                error("${FOO:##}", Map.of()),
                error("${FOO:%}", Map.of()),
                error("${FOO:%%}", Map.of()),
                ok("${FOO/$NEEDLE/.} - ${FOO//$NEEDLE/.}", Map.of("FOO", "/foo*/*/*.txt", "NEEDLE", "\\*/"),
                        "/foo.*/*.txt - /foo..*.txt", Set.of("FOO", "NEEDLE"), Set.of()),
                ok("${FOO/$NEEDLE/} - ${FOO//$NEEDLE/}", Map.of("FOO", "/tmp/tmp/bar.txt", "NEEDLE", "/tmp"),
                        "/tmp/bar.txt - /bar.txt", Set.of("FOO", "NEEDLE"), Set.of()),
                ok("${FOO/$NEEDLE/$REPLACEMENT} - ${FOO//$NEEDLE/$REPLACEMENT}",
                        Map.of("FOO", "/a/foo/b/c.txt", "NEEDLE", "/?/", "REPLACEMENT", "/"),
                        "/foo/b/c.txt - /foo/c.txt", Set.of("FOO", "NEEDLE", "REPLACEMENT"), Set.of()),
                ok("${FOO/$NEEDLE/$REPLACEMENT}",
                        Map.of("FOO", "http://google.de", "NEEDLE", "http://", "REPLACEMENT", "https://"),
                        "https://google.de", Set.of("FOO", "NEEDLE", "REPLACEMENT"), Set.of()),
                ok("${FOO//\\//\\/}", Map.of("FOO", "/tmp/foo.txt"), "\\/tmp\\/foo.txt", Set.of("FOO"), Set.of()),
                ok("${FOO/$BAR/ww}", Map.of("FOO", "xxyy", "BAR", ""), "wwxxyy", Set.of("FOO", "BAR"), Set.of()),
                error("${FOO//ww}", xxyy),
                error("${FOO//}", xxyy),
                ok("${FOO///}", xxyy, "xxyy", Set.of("FOO"), Set.of()),
                ok("${FOO///}", Map.of(), "", Set.of(), Set.of("FOO")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("buildKitMatchCases")
    void processWithMatchesLikeBuildKit(MatchCase c) throws ExpansionException {
        VariableLookup vars = VariableLookup.of(c.env());
        if (c.expected() == null) {
            assertThatThrownBy(() -> LEX.processWordWithMatches(c.input(), vars))
                    .isInstanceOf(ExpansionException.class);
            return;
        }
        Expansion e = LEX.processWordWithMatches(c.input(), vars);
        assertThat(e.result()).isEqualTo(c.expected());
        assertThat(e.matched()).containsExactlyInAnyOrderElementsOf(c.matched());
        assertThat(e.unmatched()).containsExactlyInAnyOrderElementsOf(c.unmatched());
    }

    /** TestShellParserMandatoryEnvVars. */
    @Test
    void mandatoryVariables() throws ExpansionException {
        String noEmpty = "${VAR:?message here$ARG}";
        String noUnset = "${VAR?message here$ARG}";
        VariableLookup set = env("VAR", "plain", "ARG", "x");
        VariableLookup empty = env("VAR", "", "ARG", "x");
        VariableLookup unset = env("ARG", "x");
        assertThat(LEX.processWord(noEmpty, set)).isEqualTo("plain");
        assertThatThrownBy(() -> LEX.processWord(noEmpty, empty)).hasMessageContaining("message herex");
        assertThatThrownBy(() -> LEX.processWord(noEmpty, unset)).hasMessageContaining("message herex");
        assertThat(LEX.processWord(noUnset, set)).isEqualTo("plain");
        assertThat(LEX.processWord(noUnset, empty)).isEmpty();
        assertThatThrownBy(() -> LEX.processWord(noUnset, unset)).hasMessageContaining("message herex");
    }

    /** TestProcessWithMatchesPlatform: the release-file naming idiom. */
    @ParameterizedTest
    @CsvSource({"arm,v7,something-v1.2.3.linux-arm-v7.tar.gz", "arm64,'',something-v1.2.3.linux-arm64.tar.gz",
        "arm64,,something-v1.2.3.linux-arm64.tar.gz"})
    void platformIdiom(String arch, String variant, String expected) throws ExpansionException {
        Map<String, String> vars = new HashMap<>(Map.of("VERSION", "v1.2.3", "TARGETOS", "linux", "TARGETARCH", arch));
        if (variant != null) {
            vars.put("TARGETVARIANT", variant);
        }
        String release = "something-${VERSION}.${TARGETOS}-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}.tar.gz";
        assertThat(LEX.processWordWithMatches(release, VariableLookup.of(vars)).result()).isEqualTo(expected);
    }

    // ---- quotes and escape characters

    @Test
    void backslashEscapes() throws ExpansionException {
        assertThat(expand("a\\$NAME \\\\ \\a")).isEqualTo("a$NAME \\ a");
        assertThat(expand("'$NAME' '\\$NAME' \"$NAME\" \"\\$NAME\" \"\\a\""))
                .isEqualTo("$NAME \\$NAME world $NAME \\a");
        assertThat(expand("\"a\\\"b\" \"a'b\" 'a\"b'")).isEqualTo("a\"b a'b a\"b");
        assertThat(expand("end\\")).isEqualTo("end");
    }

    @Test
    void backtickEscapes() throws ExpansionException {
        assertThat(BACKTICK.processWord("c:\\dir `$NAME ``", ENV)).isEqualTo("c:\\dir $NAME `");
        assertThat(BACKTICK.processWord("\"a`\"b\" \"c:\\x\" \"`$NAME\"", ENV)).isEqualTo("a\"b c:\\x $NAME");
        assertThat(BACKTICK.processWord("end`", ENV)).isEqualTo("end");
        assertThat(BACKTICK.processWords("a` b c", ENV)).containsExactly("a b", "c");
    }

    /** Patterns keep the escape character, but only a backslash escapes inside them, whatever the escape is. */
    @Test
    void patternEscapesAreAlwaysBackslashes() throws ExpansionException {
        VariableLookup vars = env("V", "*x", "W", "`*x");
        assertThat(BACKTICK.processWord("${V#\\*}", vars)).isEqualTo("x");
        assertThat(BACKTICK.processWord("${W#`*}", vars)).isEqualTo("*x");
        assertThat(LEX.processWord("${V#\\*}", vars)).isEqualTo("x");
    }

    // ---- options

    @Test
    void rawQuotesKeepQuoteCharacters() throws ExpansionException {
        assertThat(LEX.rawQuotes(true).processWord("'a' \"$NAME\" x", ENV)).isEqualTo("'a' \"world\" x");
        assertThat(LEX.rawQuotes(true).processWords("<<'EOF' \"a b\"", ENV)).containsExactly("<<'EOF'", "\"a b\"");
    }

    @Test
    void rawEscapesKeepEscapeCharacters() throws ExpansionException {
        ShellWordExpander raw = LEX.rawEscapes(true);
        assertThat(raw.processWord("a\\ b \\$NAME", ENV)).isEqualTo("a\\ b \\$NAME");
        assertThat(raw.processWord("\"a\\\"b\"", ENV)).isEqualTo("a\\\"b");
        // BuildKit writes an escape that escapes nothing twice inside double quotes when raw.
        assertThat(raw.processWord("\"a\\tb\"", ENV)).isEqualTo("a\\\\tb");
        // The operands of -, + and ? never keep escapes, whatever the option says.
        assertThat(raw.processWord("${UNSET:-a\\ b}", ENV)).isEqualTo("a b");
    }

    @Test
    void skipUnsetEnvLeavesUnsetReferencesAsWritten() throws ExpansionException {
        ShellWordExpander skip = LEX.skipUnsetEnv(true);
        assertThat(skip.processWord("$UNSET ${UNSET} ${UNSET:-x} ${UNSET#a} ${UNSET/a/b} ${UNSET//a/b} $NAME", ENV))
                .isEqualTo("$UNSET ${UNSET} ${UNSET:-x} ${UNSET#a} ${UNSET/a/b} ${UNSET/a/b} world");
        // The operand is expanded (its quotes removed) before it is written back.
        assertThat(skip.processWord("${UNSET:-'q' $NAME}", ENV)).isEqualTo("${UNSET:-q world}");
        // An unknown operator is only an error when the variable is set.
        assertThat(skip.processWord("${UNSET:Y}", ENV)).isEqualTo("${UNSET:Y}");
        assertThatThrownBy(() -> skip.processWord("${NAME:Y}", ENV)).isInstanceOf(ExpansionException.class);
        assertThat(skip.processWords("<<$EOF", VariableLookup.empty())).containsExactly("<<$EOF");
    }

    @Test
    void skipProcessQuotesTreatsQuotesAsText() throws ExpansionException {
        ShellWordExpander noQuotes = LEX.skipProcessQuotes(true);
        assertThat(noQuotes.processWord("'$NAME' \"x\"", ENV)).isEqualTo("'world' \"x\"");
        assertThat(noQuotes.processWord("'unterminated", ENV)).isEqualTo("'unterminated");
        assertThat(noQuotes.processWords("'a b'", ENV)).containsExactly("'a", "b'");
    }

    @Test
    void optionsReturnCopies() {
        ShellWordExpander all = LEX.rawQuotes(true).rawEscapes(true).skipUnsetEnv(true).skipProcessQuotes(true);
        assertThat(List.of(all.rawQuotes(), all.rawEscapes(), all.skipUnsetEnv(), all.skipProcessQuotes()))
                .containsOnly(true);
        assertThat(List.of(LEX.rawQuotes(), LEX.rawEscapes(), LEX.skipUnsetEnv(), LEX.skipProcessQuotes()))
                .containsOnly(false);
        assertThat(all.escape()).isEqualTo('\\');
        assertThat(BACKTICK.rawQuotes(true).escape()).isEqualTo('`');
    }

    // ---- words

    @Test
    void wordsSplitAtUnquotedWhiteSpace() throws ExpansionException {
        assertThat(LEX.processWords("$SPACED \"$SPACED\" a\\ b", ENV)).containsExactly("x", "y", "x  y", "a b");
        assertThat(LEX.processWords("  80\t443/tcp\n", ENV)).containsExactly("80", "443/tcp");
        assertThat(LEX.processWords("a \"\" b ''", ENV)).containsExactly("a", "b");
        assertThat(LEX.processWords("", ENV)).isEmpty();
        assertThat(LEX.processWords("pre${NAME}post $UNSET", ENV)).containsExactly("preworldpost");
    }

    /** Go's unicode.IsSpace decides what splits: no-break spaces do, the ASCII separators U+001C..U+001F do not. */
    @Test
    void whiteSpaceIsGoWhiteSpace() throws ExpansionException {
        VariableLookup vars = env("NB", "x\u00a0y\u3000z", "FS", "x\u001cy");
        assertThat(LEX.processWords("$NB", vars)).containsExactly("x", "y", "z");
        assertThat(LEX.processWords("$FS", vars)).containsExactly("x\u001cy");
    }

    @Test
    void heredocMarkersStayOneWord() throws ExpansionException {
        assertThat(LEX.processWords("cat <<EOF > out", ENV)).containsExactly("cat", "<<EOF", ">", "out");
        assertThat(LEX.processWords("cat << \tEOF", ENV)).containsExactly("cat", "<< \tEOF");
        assertThat(LEX.processWords("a<b", ENV)).containsExactly("a<b");
    }

    /**
     * BuildKit (since v0.15) clears the word being built when it starts reading the operand of a ${var<op>...}, so
     * text before it in the same word is lost by ProcessWords (not by ProcessWord). Reproduced deliberately.
     */
    @Test
    void textBeforeAnOperatorExpansionIsLostWhenSplittingLikeBuildKit() throws ExpansionException {
        assertThat(LEX.processWords("80${UNSET:-/tcp}", ENV)).containsExactly("/tcp");
        assertThat(LEX.processWord("80${UNSET:-/tcp}", ENV)).isEqualTo("80/tcp");
        assertThat(LEX.processWords("a b${UNSET:-c}d", ENV)).containsExactly("a", "cd");
        assertThat(LEX.processWords("pre\"${UNSET:-x} y\"", ENV)).containsExactly("x y");
        assertThat(LEX.processWords("pre${NAME}", ENV)).containsExactly("preworld");
    }

    @Test
    void leadingByteOrderMarkIsDroppedAsGoScannerDoes() throws ExpansionException {
        assertThat(expand("\uFEFF$NAME")).isEqualTo("world");
        assertThat(expand("x\uFEFF")).isEqualTo("x\uFEFF");
    }

    // ---- matches

    @Test
    void matchesListNamesInLookupOrder() throws ExpansionException {
        Expansion e = LEX.processWordWithMatches("$PATHS ${NAME} ${MISSING:-x} ${EMPTY} $1 $@ ${OTHER+y} $NAME", ENV);
        assertThat(e.result()).isEqualTo("a/b/c.tar.gz world x     world");
        assertThat(e.matched()).containsExactly("PATHS", "NAME", "EMPTY");
        assertThat(e.unmatched()).containsExactly("MISSING", "1", "@", "OTHER");
        // The operand is read before the variable is looked up, as in BuildKit.
        assertThat(LEX.processWordWithMatches("${A:-$B}", ENV).unmatched()).containsExactly("B", "A");
        assertThat(LEX.processWordWithMatches("'$NAME' \\$NAME", ENV).matched()).isEmpty();
    }

    @Test
    void namesAreCaseSensitive() throws ExpansionException {
        Expansion e = LEX.processWordWithMatches("$name|$NAME", ENV);
        assertThat(e.result()).isEqualTo("|world");
        assertThat(e.unmatched()).containsExactly("name");
    }

    // ---- errors

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("ab${UNSET:?must be set}", "UNSET: must be set", 2),
                Arguments.of("${EMPTY:?}", "EMPTY: is not allowed to be empty", 0),
                Arguments.of("${UNSET?}", "UNSET: is not allowed to be unset", 0),
                Arguments.of("x 'open", "unexpected end of statement while looking for matching single-quote", 2),
                Arguments.of("x \"open", "unexpected end of statement while looking for matching double-quote", 2),
                Arguments.of("x \"open\\\"", "unexpected end of statement while looking for matching double-quote", 2),
                Arguments.of("ab${NAME", "syntax error: missing '}'", 2),
                Arguments.of("ab${", "syntax error: missing '}'", 2),
                Arguments.of("ab${}", "syntax error: bad substitution", 2),
                Arguments.of("${:-x}", "syntax error: bad substitution", 0),
                Arguments.of("${{a}", "syntax error: bad substitution", 0),
                Arguments.of("ab${NAME=x}", "unsupported modifier (=) in substitution", 8),
                Arguments.of("${NAME.}", "unsupported modifier (.) in substitution", 6),
                Arguments.of("${NAME:#x}", "unsupported modifier (:#) in substitution", 6),
                Arguments.of("${NAME:Yz}", "unsupported modifier (:Y) in substitution", 6),
                Arguments.of("x${NAME#\\x}", "invalid pattern (\\x) in substitution: invalid escape '\\x'", 1),
                // % matches on reversed strings, so BuildKit names the reversed pattern.
                Arguments.of("${NAME%a\\x}", "invalid pattern (\\xa) in substitution: invalid escape '\\x'", 0),
                Arguments.of("${NAME/\\q/}", "invalid pattern (\\q) in substitution: invalid escape '\\q'", 0),
                // Errors inside an operand that ran into the end become the outermost unclosed ${.
                Arguments.of("${a:-${b?oops}", "syntax error: missing '}'", 0),
                Arguments.of("${a:-'x}", "syntax error: missing '}'", 0),
                Arguments.of("${a:-${b?oops}}", "b: oops", 5),
                Arguments.of("${a:-${:}}", "syntax error: bad substitution", 5),
                Arguments.of("${a/x", "syntax error: missing '/' in ${}", 0),
                Arguments.of("${a/x/y", "syntax error: missing '}'", 0),
                Arguments.of("😀${", "syntax error: missing '}'", 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void errorsHaveBuildKitWordingAndAnOffset(String word, String reason, int offset) {
        ExpansionException e = failure(LEX, word);
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.offset()).isEqualTo(offset);
        assertThat(e.getMessage()).isEqualTo("failed to process " + GoText.quote(word) + ": " + reason);
    }

    @Test
    void messagesQuoteTheWordLikeGo() {
        assertThat(failure(LEX, "a\"b\n\t${").getMessage())
                .isEqualTo("failed to process \"a\\\"b\\n\\t${\": syntax error: missing '}'");
        assertThat(GoText.quote("é\u0000\u00a0😀")).isEqualTo("\"é\\x00\\u00a0😀\"");
    }

    @Test
    void publicConstructorKeepsTheMessage() {
        ExpansionException e = new ExpansionException("heredoc problem", 3);
        assertThat(e.getMessage()).isEqualTo("heredoc problem");
        assertThat(e.reason()).isEqualTo("heredoc problem");
        assertThat(e.offset()).isEqualTo(3);
    }

    // ---- robustness

    @Test
    void nestingUpToTheLimitWorksWithoutUsingTheCallStack() throws Exception {
        int depth = WordScanner.MAX_NESTING;
        String plain = "${a:-".repeat(depth) + "x" + "}".repeat(depth);
        String quoted = "${a:-\"".repeat(depth) + "x" + "\"}".repeat(depth);
        // A 64 KB stack holds only a few hundred ordinary frames: expansion must not recurse per level.
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread small = new Thread(null, () -> {
            try {
                outcome.set(List.of(expand(plain), expand(quoted)));
            } catch (Throwable t) {
                outcome.set(t);
            }
        }, "small-stack", 64 * 1024);
        small.start();
        small.join();
        assertThat(outcome.get()).isEqualTo(List.of("x", "x"));
    }

    @Test
    void nestingBeyondTheLimitFailsCleanly() {
        int depth = WordScanner.MAX_NESTING + 1;
        ExpansionException e = failure(LEX, "${a:-".repeat(depth) + "x" + "}".repeat(depth));
        assertThat(e.reason()).contains("nested too deep");
        assertThat(e.offset()).isEqualTo(5 * WordScanner.MAX_NESTING);
    }

    @Test
    void tenThousandLevelsFailQuicklyAndCleanly() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (String open : List.of("${a:-", "${a:-\"", "${a/", "${a+")) {
                String deep = open.repeat(10_000) + "x" + "}".repeat(10_000);
                assertThat(failure(LEX, deep).reason()).as(open).contains("nested too deep");
            }
            String unclosed = "${a:-".repeat(10_000);
            assertThat(failure(LEX, unclosed).reason())
                    .isEqualTo("syntax error: ${...} nested too deep (more than 1000 levels)");
        });
    }

    @Test
    void longWordsExpandInLinearTime() {
        String many = "$NAME${EMPTY:-x}\"q\"".repeat(50_000);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThat(expand(many)).hasSize(("world" + "x" + "q").length() * 50_000);
            assertThat(LEX.processWords(many.replace("\"q\"", " "), ENV)).hasSize(50_000);
        });
    }

    @Test
    void sharedExpanderIsSafeAcrossThreads() {
        List<String> results = IntStream.range(0, 2000).parallel()
                .mapToObj(i -> {
                    try {
                        return LEX.processWord("${N:-$NAME}-" + i, env("N", i % 2 == 0 ? "" : "odd", "NAME", "world"));
                    } catch (ExpansionException e) {
                        return e.toString();
                    }
                })
                .toList();
        for (int i = 0; i < results.size(); i++) {
            assertThat(results.get(i)).isEqualTo((i % 2 == 0 ? "world" : "odd") + "-" + i);
        }
    }

    /**
     * Random words over the characters that matter to the lexer, with every option combination: the only
     * failure allowed is an ExpansionException pointing inside the word, and the three entry points agree.
     */
    @Test
    void randomWordsOnlyEverFailWithExpansionException() {
        String[] alphabet = {"$", "{", "}", ":", "-", "+", "?", "#", "%", "/", "\\", "'", "\"", "`", "<", " ", "\t",
            "\n", "a", "N", "NAME", "_", "1", "@", "*", "é", "😀", "\uFEFF", "${", "${NAME", ":-", "//"};
        List<ShellWordExpander> lexers = Stream.of(LEX, BACKTICK)
                .flatMap(l -> Stream.of(l, l.rawQuotes(true), l.rawEscapes(true), l.skipUnsetEnv(true),
                        l.skipProcessQuotes(true), l.rawQuotes(true).rawEscapes(true).skipUnsetEnv(true)))
                .toList();
        Random random = new Random(20240601);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int round = 0; round < 4000; round++) {
                StringBuilder b = new StringBuilder();
                int pieces = random.nextInt(20);
                for (int i = 0; i < pieces; i++) {
                    b.append(alphabet[random.nextInt(alphabet.length)]);
                }
                String word = b.toString();
                for (ShellWordExpander lex : lexers) {
                    checkAgreement(lex, word);
                }
            }
        });
    }

    private static void checkAgreement(ShellWordExpander lex, String word) {
        String single;
        try {
            single = lex.processWord(word, ENV);
        } catch (ExpansionException e) {
            assertThat(e.offset()).as("offset for %s", word).isBetween(0, word.length());
            assertThat(e.getMessage()).startsWith("failed to process ");
            assertThatThrownBy(() -> lex.processWords(word, ENV)).isInstanceOf(ExpansionException.class);
            assertThatThrownBy(() -> lex.processWordWithMatches(word, ENV)).isInstanceOf(ExpansionException.class);
            return;
        } catch (RuntimeException | Error e) {
            fail(lex + " threw on " + GoText.quote(word), e);
            return;
        }
        try {
            assertThat(lex.processWordWithMatches(word, ENV).result()).isEqualTo(single);
            List<String> words = lex.processWords(word, ENV);
            assertThat(words).allSatisfy(w -> assertThat(w).isNotEmpty());
        } catch (ExpansionException e) {
            fail(lex + " expanded " + GoText.quote(word) + " once but not twice", e);
        }
    }

    // ---- VariableLookup

    @Test
    void variableLookupIsASnapshotInDefinitionOrder() {
        Map<String, String> source = new LinkedHashMap<>();
        source.put("B", "1");
        source.put("A", "");
        VariableLookup lookup = VariableLookup.of(source);
        source.put("C", "later");
        assertThat(lookup.names()).containsExactly("B", "A");
        assertThat(lookup.get("A")).contains("");
        assertThat(lookup.get("C")).isEmpty();
        assertThat(lookup.get("b")).isEmpty();
        assertThat(VariableLookup.empty().names()).isEmpty();
        Map<String, String> withNull = new HashMap<>();
        withNull.put("X", null);
        assertThatThrownBy(() -> VariableLookup.of(withNull)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void expansionSetsAreUnmodifiableCopies() {
        Expansion e = new Expansion("r", new LinkedHashSet<>(List.of("b", "a")), Set.of());
        assertThat(e.matched()).containsExactly("b", "a");
        assertThatThrownBy(() -> e.matched().add("c")).isInstanceOf(UnsupportedOperationException.class);
    }
}
