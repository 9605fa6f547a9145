package io.jbuild.cli.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.cli.CliRunner;
import io.jbuild.cli.Main;
import io.jbuild.cli.Subcommand;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * push and pull read a plain command line without picocli ({@link io.jbuild.cli.PlainArgs}): what they read must be
 * what picocli reads from it, and every line they do not read must be left to picocli.
 */
class PlainTransferArgsTest {

    /** What a transfer command was given. */
    private record Read(String reference, boolean quiet, Path root, Path config, List<String> insecure,
                        String platform) {
        static Read of(Subcommand c) {
            TransferCommand t = (TransferCommand) c;
            return new Read(t.reference, t.quiet, t.store.root(), t.registry.config.dir,
                    t.registry.insecureRegistries, t instanceof PullCommand p ? p.platform : null);
        }
    }

    private static Read picocli(String line) {
        return Read.of(CliRunner.parsedByPicocli(line.split(" ")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "push r:1", "push -q r:1", "push r:1 --quiet", "pull r:1", "pull -q --platform linux/arm64 r:1",
        "push --root /s --config /c r:1", "push --root=/s r:1 --config=/c", "pull --platform=linux/amd64/v2 r",
        "push --insecure-registry a:5000 --insecure-registry=b r:1", "pull --root /s r:1 --insecure-registry a -q",
        "push localhost:5000/a/b@sha256:0000000000000000000000000000000000000000000000000000000000000000"})
    void readsWhatPicocliReads(String line) {
        Optional<Subcommand> plain = Main.plain(line.split(" "));
        assertThat(plain).as(line).isPresent();
        assertThat(Read.of(plain.get())).as(line).isEqualTo(picocli(line));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "push", "pull", "push a b", "push --help r", "push -h", "pull -V", "push -q -q r", "push --quiet -q r",
        "push --root r", "push --root -q r", "push --root= r", "push --root /a --root /b r", "push -qx r",
        "push -- r", "push @args", "push --platform linux r", "pull --platform a/b/c/d r", "pull --platform r",
        "push --unknown r", "push - ", "push r --config", "push --root /a\0b r", "ps", "build ."})
    void leavesTheRestToPicocli(String line) {
        assertThat(Main.plain(line.split(" "))).as(line).isEmpty();
    }
}
