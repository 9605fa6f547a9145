package io.jbuild.grammar.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShellWordExpanderTest {

    private static final VariableLookup ENV = VariableLookup.of(Map.of(
            "NAME", "world", "EMPTY", "", "PATHS", "a/b/c.tar.gz", "SPACED", "x  y", "KOREAN", "한국어"));
    private static final ShellWordExpander BACKSLASH = ShellWordExpander.withEscape('\\');

    private static String expand(String word) throws ExpansionException {
        return BACKSLASH.processWord(word, ENV);
    }

    @Test
    void everyOperator() throws ExpansionException {
        assertThat(expand("$NAME ${NAME}")).isEqualTo("world world");
        assertThat(expand("${UNSET:-dflt} ${EMPTY:-dflt} ${EMPTY-dflt}|")).isEqualTo("dflt dflt |");
        assertThat(expand("${NAME:+alt} ${EMPTY:+alt}|${EMPTY+alt} ${UNSET+alt}|")).isEqualTo("alt |alt |");
        assertThat(expand("${NAME:?msg} ${EMPTY?msg}|")).isEqualTo("world |");
        assertThat(expand("${PATHS#*/} ${PATHS##*/}")).isEqualTo("b/c.tar.gz c.tar.gz");
        assertThat(expand("${PATHS%.*} ${PATHS%%.*}")).isEqualTo("a/b/c.tar a/b/c");
        assertThat(expand("${PATHS/\\//-} ${PATHS//\\//-}")).isEqualTo("a-b/c.tar.gz a-b-c.tar.gz");
        assertThat(expand("${KOREAN}!")).isEqualTo("한국어!");
    }

    @Test
    void quotesAndEscapes() throws ExpansionException {
        assertThat(expand("'$NAME' \"$NAME\" \\$NAME")).isEqualTo("$NAME world $NAME");
        assertThat(expand("\"a\\\"b\" 'a\\b'")).isEqualTo("a\"b a\\b");
        ShellWordExpander backtick = ShellWordExpander.withEscape('`');
        assertThat(backtick.processWord("c:\\dir `$NAME \"q`\"\"", ENV)).isEqualTo("c:\\dir $NAME q\"");
    }

    @Test
    void rawOptionsKeepWhatTheyAreNamedFor() throws ExpansionException {
        assertThat(BACKSLASH.rawQuotes(true).processWord("'a' \"$NAME\"", ENV)).isEqualTo("'a' \"world\"");
        assertThat(BACKSLASH.rawEscapes(true).processWord("a\\ b", ENV)).isEqualTo("a\\ b");
        assertThat(BACKSLASH.skipUnsetEnv(true).processWord("$UNSET ${UNSET} ${UNSET:-x} $NAME", ENV))
                .isEqualTo("$UNSET ${UNSET} ${UNSET:-x} world");
        assertThat(BACKSLASH.skipProcessQuotes(true).processWord("'$NAME' \"x\"", ENV)).isEqualTo("'world' \"x\"");
    }

    @Test
    void wordsSplitOnlyOutsideQuotes() throws ExpansionException {
        assertThat(BACKSLASH.processWords("$SPACED \"$SPACED\" a\\ b", ENV)).containsExactly("x", "y", "x  y", "a b");
        assertThat(BACKSLASH.processWords("80 443/tcp", ENV)).containsExactly("80", "443/tcp");
    }

    @Test
    void matchesReportDefinedAndUndefinedNames() throws ExpansionException {
        Expansion e = BACKSLASH.processWordWithMatches("$NAME ${MISSING:-x} ${EMPTY}", ENV);
        assertThat(e.result()).isEqualTo("world x ");
        assertThat(e.matched()).containsExactlyInAnyOrder("NAME", "EMPTY");
        assertThat(e.unmatched()).containsExactly("MISSING");
    }

    @Test
    void errorsCarryTheirOffset() {
        assertThatThrownBy(() -> expand("ab${UNSET:?must be set}"))
                .isInstanceOfSatisfying(ExpansionException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("failed to process \"ab${UNSET:?must be set}\": UNSET: must be set");
                    assertThat(e.offset()).isEqualTo(2);
                });
        assertThatThrownBy(() -> expand("${EMPTY:?}")).hasMessageEndingWith("EMPTY: is not allowed to be empty");
        assertThatThrownBy(() -> expand("'open")).hasMessageContaining("matching single-quote");
        assertThatThrownBy(() -> expand("\"open")).hasMessageContaining("matching double-quote");
        assertThatThrownBy(() -> expand("${NAME")).hasMessageContaining("unsupported modifier");
        assertThatThrownBy(() -> expand("${}")).hasMessageContaining("bad substitution");
        assertThatThrownBy(() -> expand("${NAME:#x}")).hasMessageContaining("unsupported modifier (:#)");
        assertThatThrownBy(() -> expand("${NAME#\\x}")).hasMessageContaining("invalid escape");
    }

    @Test
    void deepNestingFailsCleanly() {
        String deep = "${a:-".repeat(10_000) + "x" + "}".repeat(10_000);
        assertThatThrownBy(() -> expand(deep)).isInstanceOf(ExpansionException.class).hasMessageContaining("nested");
    }

    @Test
    void moderateNestingWorks() throws ExpansionException {
        String nested = "${a:-".repeat(100) + "x" + "}".repeat(100);
        assertThat(expand(nested)).isEqualTo("x");
    }

    @Test
    void randomInputsOnlyEverThrowExpansionException() {
        String alphabet = "$ {}:-+?#%/\\'\"`abcNAME_1<\t";
        Random random = new Random(42);
        for (int round = 0; round < 20_000; round++) {
            StringBuilder b = new StringBuilder();
            int len = random.nextInt(24);
            for (int i = 0; i < len; i++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String input = b.toString();
            for (ShellWordExpander x : List.of(BACKSLASH, BACKSLASH.rawQuotes(true).rawEscapes(true).skipUnsetEnv(true))) {
                try {
                    x.processWords(input, ENV);
                    x.processWordWithMatches(input, ENV);
                } catch (ExpansionException expected) {
                    assertThat(expected.offset()).isBetween(0, input.length());
                } catch (RuntimeException e) {
                    fail("threw on " + input, e);
                }
            }
        }
    }
}
