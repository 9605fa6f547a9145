package io.jbuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;

class MainTest {

    private static String[] rewrite(String... args) {
        return Main.withImplicitBuild(args);
    }

    @Test
    void aContextFirstMeansBuild() {
        assertThat(rewrite(".", "-t", "hello:1.0", "--build-arg", "my_ver=2.0"))
                .containsExactly("build", ".", "-t", "hello:1.0", "--build-arg", "my_ver=2.0");
        assertThat(rewrite("some/dir")).containsExactly("build", "some/dir");
    }

    @Test
    void theLauncherKnowsTheCommandsItMustNotTakeForADirectoryToBuild() throws Exception {
        // ./jbuild picks JIT flags and class-archive learning for `jbuild DIR`; a directory named like a command
        // (images/ beside the user) must not make that command a build, so it lists them: the same as Main's
        Path launcher = Path.of("").toAbsolutePath().getParent().resolve("jbuild");
        String line = Files.readAllLines(launcher, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("commands=\"")).findFirst().orElseThrow();
        String names = line.substring("commands=\"".length(), line.lastIndexOf('"')).strip();
        assertThat(Arrays.asList(names.split(" +"))).containsExactlyElementsOf(Main.COMMANDS);
    }

    @Test
    void commandsAndOptionsAreLeftAlone() {
        assertThat(rewrite("images", "-q")).containsExactly("images", "-q");
        assertThat(rewrite("--version")).containsExactly("--version");
        assertThat(rewrite()).isEmpty();
    }

    @Test
    void theQuickVersionIsPicocliS() throws Exception {
        Shell.Result quick = Shell.run(Shell.jbuild("--version"));
        assertThat(quick.exitCode()).isZero();
        assertThat(quick.output()).startsWith("jbuild ").isEqualTo(CliRunner.run("--version").out());
        assertThat(Shell.run(Shell.jbuild("-V")).output()).isEqualTo(quick.output());
    }

    @Test
    void usageMistakesAreReportedAsDockerDoesWithCode2() {
        CliRunner.Outcome unknown = CliRunner.run("build", "--foo", ".");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("unknown flag: --foo\nSee 'jbuild build --help'.\n");
        CliRunner.Outcome typo = CliRunner.run("images", "--quiett");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).contains("unknown flag: --quiett", "--quiet", "See 'jbuild images --help'.");
        CliRunner.Outcome badValue = CliRunner.run("build", "--source-date-epoch=abc", ".");
        assertThat(badValue.exitCode()).isEqualTo(2);
        assertThat(badValue.err()).startsWith("invalid value for option '--source-date-epoch': 'abc'")
                .endsWith("See 'jbuild build --help'.\n").doesNotContain("Usage:");
        CliRunner.Outcome missing = CliRunner.run("run");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("missing required parameter: 'IMAGE'\nSee 'jbuild run --help'.\n");
        assertThat(CliRunner.run("--help").out()).contains("Exit codes:", "2     wrong usage");
    }

    @Test
    void buildSHelpListsEveryDockerFlagAndItsVersionIsJbuildS() {
        CliRunner.Outcome help = CliRunner.run("build", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: jbuild build [-hqV] ").contains(
                "  -t, --tag=NAME[:TAG]", "  -f, --file=PATH", "--build-arg=KEY[=VALUE]", "--target=STAGE",
                "--no-cache", "--pull ", "--platform=OS/ARCH[/VARIANT]", "--label=KEY=VALUE", "  -q, --quiet",
                "--progress=auto|plain|tty|quiet|rawjson", "--push ", "  -o, --output=SPEC", "--iidfile=FILE",
                "--network=default|host|none", "--allow=ENTITLEMENT", "--secret=id=ID,src=FILE", "--source-date-epoch=SECONDS",
                "--compression=gzip|zstd|uncompressed", "Layer compression (default: gzip).", "--root=DIR",
                "  -h, --help", "  -V, --version");
        assertThat(CliRunner.run("build", "-V").out()).isEqualTo(CliRunner.run("--version").out());
        CliRunner.Outcome twoContexts = CliRunner.run("build", "a", "b");
        assertThat(twoContexts.exitCode()).isEqualTo(2);
        assertThat(twoContexts.err()).startsWith("unmatched argument at index 2: 'b'");
    }

    @Test
    void noOptionHasATypeWhoseConverterIsLeftOut() {
        // main() has picocli skip the converters of UNUSED_CONVERTERS: an option of such a type would fail to convert
        List<String> excluded = Arrays.asList(Main.UNUSED_CONVERTERS.split(","));
        List<String> types = new ArrayList<>();
        collectTypes(Main.commandLine(), types);
        assertThat(types).contains(Path.class.getName(), String.class.getName(), "int")
                .noneMatch(t -> excluded.stream().anyMatch(t::matches));
        assertThat("java.time.Duration").matches(excluded.get(0));
        assertThat("java.sql.Timestamp").matches(excluded.get(1));
    }

    private static void collectTypes(CommandLine cli, List<String> types) {
        for (ArgSpec arg : cli.getCommandSpec().args()) {
            Stream.concat(Stream.of(arg.type()), Arrays.stream(arg.auxiliaryTypes())).map(Class::getName)
                    .forEach(types::add);
        }
        cli.getSubcommands().values().forEach(sub -> collectTypes(sub, types));
    }
}
