package io.jbuild.grammar.scope;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.grammar.ast.ArgDeclaration;
import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.ast.WordExpansion;
import io.jbuild.grammar.parser.DockerfileParser;
import io.jbuild.grammar.shell.ShellWordExpander;
import io.jbuild.grammar.shell.VariableLookup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** BuildKit's ARG and ENV scoping, as planner and linter share it. */
class ScopeRulesTest {

    private static final ShellWordExpander SHELL = ShellWordExpander.withEscape('\\');

    private static ScopeRules<Exception> rules(Map<String, String> buildArgs) {
        return new ScopeRules<>(buildArgs, (arg, decl, scope) ->
                SHELL.processWord(decl.defaultValue().orElseThrow(), VariableLookup.of(scope)));
    }

    private static Instruction instruction(String line) {
        return DockerfileParser.parse("FROM scratch\n" + line + "\n").dockerfile().instructions().get(1);
    }

    private static WordExpansion<Exception> words(Map<String, String> env) {
        Map<String, String> before = Map.copyOf(env);
        return new WordExpansion<>() {
            @Override
            public String word(String word) throws Exception {
                return SHELL.processWord(word, VariableLookup.of(before));
            }

            @Override
            public List<String> words(String word) throws Exception {
                return SHELL.processWords(word, VariableLookup.of(before));
            }

            @Override
            public String heredoc(String body) {
                return body;
            }
        };
    }

    @Test
    void globalsArePredefinedArgsThenTheArgsBeforeTheFirstFrom() throws Exception {
        List<Instruction.Arg> meta = List.of((Instruction.Arg) instruction("ARG A=x-$TARGETOS B C=c"));
        Map<String, String> globals = rules(Map.of("TARGETOS", "windows", "C", "given"))
                .globals(Map.of("TARGETOS", "linux"), meta);
        assertThat(globals).containsExactly(Map.entry("TARGETOS", "windows"), Map.entry("A", "x-windows"),
                Map.entry("C", "given"));
    }

    @Test
    void anArgTakesItsBuildArgElseItsDefaultElseTheGlobal() throws Exception {
        Map<String, String> env = new LinkedHashMap<>(Map.of("E", "e"));
        ScopeRules<Exception> rules = rules(Map.of("GIVEN", "cli"));
        Instruction.Arg out = (Instruction.Arg) rules.apply(instruction("ARG GIVEN=dflt D=$E-d G N"), env,
                Map.of("G", "global"), words(env));
        assertThat(out.declarations()).containsExactly(new ArgDeclaration("GIVEN", Optional.of("cli")),
                new ArgDeclaration("D", Optional.of("e-d")),
                new ArgDeclaration("G", Optional.of("global")),
                new ArgDeclaration("N", Optional.empty()));
        assertThat(env).containsExactly(Map.entry("E", "e"), Map.entry("GIVEN", "cli"), Map.entry("D", "e-d"),
                Map.entry("G", "global"));
        assertThat(rules.usesDefault(new ArgDeclaration("GIVEN", Optional.of("dflt")))).isFalse();
    }

    @Test
    void anEnvExpandsAllItsWordsFirstAndASetVariableMovesToTheEnd() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("A", "1");
        env.put("B", "2");
        rules(Map.of()).apply(instruction("ENV A=new C=$A"), env, Map.of(), words(env));
        assertThat(env).containsExactly(Map.entry("B", "2"), Map.entry("A", "new"), Map.entry("C", "1"));
    }

    @Test
    void sbomScanArgsAreNotPutInTheEnvironment() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        rules(Map.of()).apply(instruction("ARG BUILDKIT_SBOM_SCAN_CONTEXT=true"), env, Map.of(), words(env));
        assertThat(env).isEmpty();
    }
}
