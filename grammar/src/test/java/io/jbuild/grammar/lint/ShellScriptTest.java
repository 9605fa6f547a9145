package io.jbuild.grammar.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.grammar.lint.script.ShellCommand;
import io.jbuild.grammar.lint.script.ShellScript;
import io.jbuild.grammar.source.SourceRange;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The RUN shell reader: commands through operators, compound commands, quotes and substitutions. */
class ShellScriptTest {

    private static List<String> commands(String script) {
        return ShellScript.parse(script, LogicalText.detached(script, SourceRange.of(1, 1, 1, 1))).commands().stream()
                .map(ShellCommand::toString).toList();
    }

    @Test
    void operators() {
        assertThat(commands("a 1 && b 2 || c; d & e | f |& g"))
                .containsExactly("a 1", "b 2", "c", "d", "e", "f", "g");
        assertThat(commands("a\nb \\\n  c")).containsExactly("a", "b c");
    }

    @Test
    void compoundCommandsAndKeywords() {
        assertThat(commands("if [ -f x ]; then apt-get update; elif true; then :; else exit 1; fi"))
                .containsExactly("[ -f x ]", "apt-get update", "true", ":", "exit 1");
        assertThat(commands("for p in a b; do pip install $p; done")).containsExactly("pip install ${p}");
        assertThat(commands("while read l; do echo \"$l\"; done < f")).containsExactly("read l", "echo ${l}");
        assertThat(commands("case $x in a|b) apk add y ;; *) echo no ;; esac")).containsExactly("apk add y", "echo no");
        assertThat(commands("(cd /x && make) && { echo a; echo b; }")).containsExactly("cd /x", "make", "echo a", "echo b");
        assertThat(commands("f() { rm -rf /tmp; }; f")).containsExactly("rm -rf /tmp", "f");
        assertThat(commands("! grep -q x y")).containsExactly("grep -q x y");
    }

    @Test
    void wordsQuotesAndExpansions() {
        assertThat(commands("echo 'a b' \"c $D ${E:-f}\" $'g\\'h' \\$i")).containsExactly("echo a b c ${D} ${E:-f} g'h $i");
        assertThat(commands("FOO=1 BAR=\"2 3\" env")).containsExactly("env");
        assertThat(commands("a $(b $(c)) `d`")).containsExactly("a ${VAR} ${VAR}", "b ${VAR}", "c", "d");
        assertThat(commands("echo # not a command\nls")).containsExactly("echo", "ls");
        assertThat(commands("command apt-get install x")).containsExactly("apt-get install x");
    }

    @Test
    void redirectionsAndHeredocs() {
        assertThat(commands("a > f 2>&1 < in && b >> log")).containsExactly("a", "b");
        assertThat(commands("cat <<EOF > f\nnot a command\nEOF\nls")).containsExactly("cat", "ls");
        assertThat(commands("cat <<-'X'\n\tignored\n\tX\necho done")).containsExactly("cat", "echo done");
    }

    @Test
    void pipes() {
        String s = "a | b";
        assertThat(ShellScript.parse(s, LogicalText.detached(s, SourceRange.of(1, 1, 1, 1))).hasPipes()).isTrue();
        String t = "a || b";
        assertThat(ShellScript.parse(t, LogicalText.detached(t, SourceRange.of(1, 1, 1, 1))).hasPipes()).isFalse();
    }

    @Test
    void neverFailsOnHalfTypedScripts() {
        for (String s : List.of("echo \"unterminated", "a $(b", "a `b", "if then", "case", "((", "a <<", "${", "f(", "$(", "'")) {
            assertThat(commands(s)).isNotNull();
        }
    }

    @Test
    void flagsAsHadolintSeesThem() {
        ShellCommand c = ShellScript.parse("apt-get -qy install --no-install-recommends -t stable a=1 b",
                LogicalText.detached("x", SourceRange.of(1, 1, 1, 1))).commands().get(0);
        assertThat(c.hasFlag("q")).isTrue();
        assertThat(c.hasFlag("y")).isTrue();
        assertThat(c.hasFlag("no-install-recommends")).isTrue();
        assertThat(c.argumentsWithoutFlags(Set.of("t"))).extracting(w -> w.value())
                .containsExactly("install", "a=1", "b");
    }
}
