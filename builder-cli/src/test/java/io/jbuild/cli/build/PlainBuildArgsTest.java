package io.jbuild.cli.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.cli.CliRunner;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.Model.OptionSpec;

/**
 * build reads a plain command line without picocli ({@link BuildCommand#plain}): what it reads must be what picocli
 * reads from it, field by field, and every line it does not read must be left to picocli.
 */
class PlainBuildArgsTest {

    /** Every field the command line sets, by name. */
    private static Map<String, Object> given(BuildCommand c) throws ReflectiveOperationException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field f : BuildCommand.class.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers()) && !f.getName().equals("spec")) {
                f.setAccessible(true);
                out.put(f.getName(), f.get(c));
            }
        }
        return out;
    }

    private static Map<String, Object> picocli(String[] args) throws ReflectiveOperationException {
        BuildCommand c = CliRunner.parsedByPicocli(args);
        Method read = BuildCommand.class.getDeclaredMethod("read");
        read.setAccessible(true);
        read.invoke(c);
        return given(c);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "build .", "build -t a:1 .", "build . -t a:1 --tag=b -q", "build --quiet -f x/Dockerfile ctx",
        "build --file=D --build-arg A=1 --build-arg B . --no-cache --pull",
        "build --target t --platform linux/arm64,linux/amd64 --label k=v --label x .",
        "build --source-date-epoch 1700000000 --compression zstd --progress plain --iidfile /tmp/i .",
        "build --source-date-epoch=0 -o type=oci,dest=o.tar --output d --push -t r/a:1 .",
        "build --insecure-registry a:5000 --network none --allow network.host --secret id=s,src=f .",
        "build --cache-from type=registry,ref=r/c --cache-from r/d --cache-to type=local,dest=x,mode=max .",
        "build --check --root /s --progress=rawjson ."})
    void readsWhatPicocliReads(String line) throws ReflectiveOperationException {
        String[] args = line.split(" ");
        Optional<BuildCommand> plain = BuildCommand.plain(args);
        assertThat(plain).as(line).isPresent();
        assertThat(given(plain.get())).as(line).isEqualTo(picocli(args));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "build", "build a b", "build -", "build -f - .", "build --help .", "build -h", "build -V .", "build -q -q .",
        "build --no-cache --no-cache .", "build -t .", "build --unknown .", "build -- .", "build @args",
        "build -qt a .", "build --source-date-epoch abc .", "build --source-date-epoch -1 .",
        "build --source-date-epoch=0x10 .", "build --target a --target b .", "build --file .", "build --root= .",
        "build --iidfile /a\0b .", "build a\0b"})
    void leavesTheRestToPicocli(String line) {
        assertThat(BuildCommand.plain(line.split(" "))).as(line).isEmpty();
    }

    @Test
    void itsGrammarNamesEveryOptionOfTheModel() {
        Set<Set<String>> model = new HashSet<>();
        for (OptionSpec o : BuildCommand.spec().options()) {
            if (!o.usageHelp() && !o.versionHelp()) {
                model.add(Set.of(o.names()));
            }
        }
        Set<Set<String>> grammar = new HashSet<>();
        for (List<List<String>> kind : List.of(BuildCommand.GRAMMAR.flags(), BuildCommand.GRAMMAR.single(),
                BuildCommand.GRAMMAR.repeatable())) {
            kind.forEach(names -> grammar.add(Set.copyOf(names)));
        }
        assertThat(grammar).isEqualTo(model);
        assertThat(BuildCommand.GRAMMAR.flags().stream().map(Set::copyOf).toList()).allMatch(names ->
                BuildCommand.spec().options().stream().filter(o -> Set.of(o.names()).equals(names))
                        .allMatch(o -> o.arity().max() == 0));
        assertThat(Arrays.stream(new String[] {"--tag", "--build-arg"})).allMatch(name ->
                BuildCommand.spec().findOption(name).isMultiValue());
    }
}
