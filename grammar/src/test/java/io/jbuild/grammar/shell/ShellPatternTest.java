package io.jbuild.grammar.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The glob patterns of {@code #}, {@code %} and {@code /}, and the matcher that replaces Go's regexp. */
class ShellPatternTest {

    /** BuildKit's TestReversePattern: escapes stay in front of what they escape. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a\\*c|c\\*a",
        "\\\\\\ab|b\\a\\\\",
        "ab\\|\\ba",
        "👽\\🚀🖖|🖖\\🚀👽",
        "\\\\b|b\\\\",
    })
    void reversePatternKeepsEscapePairs(String pattern, String reversed) {
        assertThat(ShellPattern.reversePattern(pattern)).isEqualTo(reversed);
    }

    @Test
    void reverseKeepsSurrogatePairsWhole() {
        assertThat(ShellPattern.reverse("54321")).isEqualTo("12345");
        assertThat(ShellPattern.reverse("🖖🚀👽")).isEqualTo("👽🚀🖖");
    }

    /** BuildKit's TestConvertShellPatternToRegex invalid cases: a backslash must escape * ? or \. */
    @ParameterizedTest
    @ValueSource(strings = {"\\", "\\x", "\\\\\\", "a\\b"})
    void invalidEscapesAreRejected(String pattern) {
        assertThatThrownBy(() -> ShellPattern.compile(pattern, true))
                .isInstanceOf(ShellPattern.InvalidPatternException.class)
                .hasMessageStartingWith("invalid pattern (" + pattern + ") in substitution: invalid escape '\\");
    }

    @Test
    void regexCharactersAreLiteral() throws Exception {
        String text = "()[]{}^$.*?|\\x";
        assertThat(ShellPattern.trimPrefix("()[]{\\}^$.\\*\\?|\\\\", text, false)).isEqualTo("x");
        assertThat(ShellPattern.trimPrefix("a+", "aa+", false)).isEqualTo("aa+");
        assertThat(ShellPattern.trimPrefix("a+", "a+b", false)).isEqualTo("b");
    }

    @Test
    void starsAndQuestionMarksDoNotMatchNewlines() throws Exception {
        assertThat(ShellPattern.trimPrefix("*", "ab\ncd", true)).isEqualTo("\ncd");
        assertThat(ShellPattern.trimPrefix("ab?", "ab\ncd", false)).isEqualTo("ab\ncd");
        assertThat(ShellPattern.trimPrefix("*\n", "ab\ncd\n", true)).isEqualTo("cd\n");
        assertThat(ShellPattern.trimPrefix("a?b", "a\rb!", false)).isEqualTo("!");
    }

    @Test
    void replaceAllSkipsEmptyMatchesRightAfterAMatchLikeGo() throws Exception {
        // java.util.regex's replaceAll would give "XX" and "XX\nXX" here.
        assertThat(ShellPattern.replace("*", "ab", "X", true)).isEqualTo("X");
        assertThat(ShellPattern.replace("*", "ab\ncd", "X", true)).isEqualTo("X\nX");
        assertThat(ShellPattern.replace("", "ab", "-", true)).isEqualTo("-a-b-");
        assertThat(ShellPattern.replace("", "ab", "-", false)).isEqualTo("-ab");
        assertThat(ShellPattern.replace("b*", "abcb", "X", true)).isEqualTo("aX");
        assertThat(ShellPattern.replace("b?", "abcbd", "X", true)).isEqualTo("aXX");
    }

    @Test
    void consecutiveStarsActLikeOne() throws Exception {
        assertThat(ShellPattern.compile("a***b*", true).segments()).hasNumberOfRows(3);
        assertThat(ShellPattern.trimPrefix("a**b", "axbxb!", false)).isEqualTo("xb!");
        assertThat(ShellPattern.trimPrefix("a**b", "axbxb!", true)).isEqualTo("!");
    }

    @Test
    void pathologicalPatternsRunInLinearTime() {
        // Backtracking regex engines take time exponential in the number of stars here.
        String text = "a".repeat(50_000);
        String pattern = "*a".repeat(40) + "b";
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            assertThat(ShellPattern.trimPrefix(pattern, text, true)).isEqualTo(text);
            assertThat(ShellPattern.trimPrefix(pattern, text, false)).isEqualTo(text);
            assertThat(ShellPattern.trimSuffix(pattern, text, true)).isEqualTo(text);
            assertThat(ShellPattern.replace(pattern, text, "x", true)).isEqualTo(text);
            assertThat(ShellPattern.replace("a*a", text + "\n" + text, "x", true)).isEqualTo("x\nx");
        });
    }

    /**
     * The matcher against java.util.regex, which has the same leftmost-first semantics as Go's regexp, on the
     * regular expression BuildKit would build. One matcher answers many queries in random order, which also
     * checks that what it remembers between searches never changes an answer.
     */
    @Test
    void agreesWithABacktrackingRegexEngine() throws Exception {
        Random random = new Random(7);
        String[] patternPieces = {"a", "b", "\n", "*", "*", "?", "\\*", "ab"};
        String[] textPieces = {"a", "b", "\n", "*"};
        for (int round = 0; round < 4000; round++) {
            String glob = random(random, patternPieces, 6);
            String text = random(random, textPieces, 12);
            boolean greedy = random.nextBoolean();
            Pattern regex = toJavaRegex(glob, greedy);
            int[] cps = text.codePoints().toArray();
            PatternMatcher matcher = new PatternMatcher(ShellPattern.compile(glob, greedy), cps);
            for (int q = 0; q < 2 * (text.length() + 1); q++) {
                int from = random.nextInt(text.length() + 1);
                Matcher m = regex.matcher(text);
                if (q % 2 == 0) {
                    m.region(from, text.length());
                    m.useAnchoringBounds(false).useTransparentBounds(true);
                    int expected = m.lookingAt() ? m.end() : -1;
                    assertThat(matcher.matchAt(from)).as("%s at %d of %s", glob, from, text).isEqualTo(expected);
                } else {
                    int[] expected = m.find(from) ? new int[] {m.start(), m.end()} : null;
                    assertThat(matcher.find(from)).as("%s from %d in %s", glob, from, text).isEqualTo(expected);
                }
            }
        }
    }

    private static String random(Random random, String[] pieces, int maxPieces) {
        StringBuilder b = new StringBuilder();
        int n = random.nextInt(maxPieces + 1);
        for (int i = 0; i < n; i++) {
            b.append(pieces[random.nextInt(pieces.length)]);
        }
        return b.toString();
    }

    /** BuildKit's convertShellPatternToRegex, for a Java engine: UNIX_LINES so that . excludes only \n, as in Go. */
    private static Pattern toJavaRegex(String glob, boolean greedy) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                re.append(greedy ? ".*" : ".*?");
            } else if (c == '?') {
                re.append('.');
            } else if (c == '\\') {
                re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.UNIX_LINES);
    }
}
