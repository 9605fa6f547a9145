package io.jbuild.grammar.ignore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbuild.grammar.glob.GoGlob;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The RE2 subset docker's patterns produce, read as Go's regexp reads it. */
class GoRegexTest {

    private static boolean find(String goRegex, String input) throws GoGlob.BadPatternException {
        Pattern p = GoRegex.compile(goRegex);
        return p.matcher(input).find();
    }

    @Test
    void whatPatternmatcherBuilds() throws GoGlob.BadPatternException {
        assertThat(find("^[^/]*\\.txt$", "a.txt")).isTrue();
        assertThat(find("^[^/]*\\.txt$", "a/b.txt")).isFalse();
        assertThat(find("^(.*/)?dir2/[^/]*$", "x/y/dir2/f")).isTrue();
        assertThat(find("^(.*/)?dir2/.*$", "dir2/a/b")).isTrue();
    }

    @Test
    void newlines() throws GoGlob.BadPatternException {
        // Go's regexp.Compile uses Perl flags: classes (even negated) match '\n', '.' does not, '$' is end of text.
        assertThat(find("^[^/]*$", "a\nb")).isTrue();
        assertThat(find("^.*$", "a\nb")).isFalse();
        assertThat(find("^a$", "a\n")).isFalse();
    }

    @Test
    void classesAreRe2Classes() throws GoGlob.BadPatternException {
        assertThat(find("^[[:alpha:]]$", "x")).isTrue();
        assertThat(find("^[[:alpha:]]$", "1")).isFalse();
        assertThat(find("^[[:^alpha:]]$", "1")).isTrue();
        // No nested classes in RE2: "[a[b]" is the class {a, [, b}.
        assertThat(find("^[a[b]$", "[")).isTrue();
        assertThat(find("^[]a]$", "]")).isTrue();
        assertThat(find("^[^]a]$", "b")).isTrue();
        assertThat(find("^[a-c\\d]$", "5")).isTrue();
        assertThat(find("^[&&a]$", "&")).isTrue(); // no Java intersection
        assertThat(find("^[\\pL]$", "é")).isTrue();
        assertThat(find("^[^\\pL]$", "é")).isFalse();
    }

    @Test
    void escapes() throws GoGlob.BadPatternException {
        assertThat(find("^\\x41$", "A")).isTrue();
        assertThat(find("^\\101$", "A")).isTrue();
        assertThat(find("^\\0$", "\0")).isTrue();
        assertThat(find("^\\d\\s\\w$", "1 _")).isTrue();
        assertThat(find("^\\Q*[\\E$", "*[")).isTrue();
        assertThat(find("^a\\.b$", "a.b")).isTrue();
        assertThat(find("^a\\.b$", "axb")).isFalse();
        assertThat(find("^\\pN$", "٣")).isTrue();
        // '^' inside a pattern is the beginning of the text again: it never matches after a character.
        assertThat(find("^a^b$", "a^b")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"^\\1$", "^[z-a]$", "^a**$", "^\\q$", "^[[:nope:]]$", "^\\pX$", "^[a$", "^(a$",
            "^a)$", "^\\x4$", "^\\8$"})
    void rejectedLikeRe2(String goRegex) {
        assertThatThrownBy(() -> GoRegex.compile(goRegex)).isInstanceOf(GoGlob.BadPatternException.class);
    }
}
