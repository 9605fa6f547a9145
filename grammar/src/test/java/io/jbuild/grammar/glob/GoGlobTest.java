package io.jbuild.grammar.glob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's path/filepath.Match, from Go's own match_test.go table (Unix). */
class GoGlobTest {

    @ParameterizedTest(name = "Match({0}, {1}) = {2}")
    @CsvSource(delimiter = ' ', quoteCharacter = '\'', textBlock = """
            abc abc true
            * abc true
            *c abc true
            a* a true
            a* abc true
            a* ab/c false
            a*/b abc/b true
            a*/b a/c/b false
            a*b*c*d*e*/f axbxcxdxe/f true
            a*b*c*d*e*/f axbxcxdxexxx/f true
            a*b*c*d*e*/f axbxcxdxe/xxx/f false
            a*b*c*d*e*/f axbxcxdxexxx/fff false
            a*b?c*x abxbbxdbxebxczzx true
            a*b?c*x abxbbxdbxebxczzy false
            ab[c] abc true
            ab[b-d] abc true
            ab[e-g] abc false
            ab[^c] abc false
            ab[^b-d] abc false
            ab[^e-g] abc true
            a\\*b a*b true
            a\\*b ab false
            a?b a☺b true
            a[^a]b a☺b true
            a???b a☺b false
            a[^a][^a][^a]b a☺b false
            [a-ζ]* α true
            *[a-ζ] A false
            a?b a/b false
            a*b a/b false
            [\\]a] ] true
            [\\-] - true
            [x\\-] x true
            [x\\-] - true
            [x\\-] z false
            [\\-x] x true
            [\\-x] - true
            [\\-x] a false
            *x xxx true
            ** a/b false
            **/*.go a/b.go true
            **/*.go a/b/c.go false
            [!a] ! true
            """)
    void matches(String pattern, String name, boolean expected) throws GoGlob.BadPatternException {
        assertThat(GoGlob.match(utf8(pattern), utf8(name))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "Match({0}, {1}) is a bad pattern")
    @CsvSource(delimiter = ' ', quoteCharacter = '\'', textBlock = """
            []a] ]
            [-] -
            [x-] x
            [x-] z
            [-x] x
            \\ a
            [a-b-c] a
            [ a
            [^ a
            [^bc a
            a[ a
            a[ ab
            a[ x
            a/b[ x
            *[ zzz
            """)
    void badPatterns(String pattern, String name) {
        assertThatThrownBy(() -> GoGlob.match(utf8(pattern), utf8(name)))
                .isInstanceOf(GoGlob.BadPatternException.class).hasMessage("syntax error in pattern");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ' ', textBlock = """
            *.txt true
            a?b true
            [ab] true
            plain false
            a\\*b false
            a\\[b false
            """)
    void wildcardDetectionLikeFsutil(String segment, boolean expected) {
        assertThat(GoGlob.containsWildcards(utf8(segment))).isEqualTo(expected);
    }

    @Test
    void invalidUtf8NamesMatchByBytesAndRunes() throws GoGlob.BadPatternException {
        byte[] name = {'a', (byte) 0xFF, 'b'};
        assertThat(GoGlob.match(utf8("a?b"), name)).isTrue();
        assertThat(GoGlob.match(utf8("a*"), name)).isTrue();
        assertThat(GoGlob.match(name, name)).isTrue();
        assertThat(GoGlob.match(utf8("a[^x]b"), name)).isTrue();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
