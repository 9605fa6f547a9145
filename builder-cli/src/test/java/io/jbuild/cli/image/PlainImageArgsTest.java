package io.jbuild.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.cli.CliRunner;
import io.jbuild.cli.Main;
import io.jbuild.cli.Subcommand;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * images, tag, inspect and rmi read a plain command line without picocli ({@link io.jbuild.cli.PlainArgs}): what they
 * read must be what picocli reads, and every line they do not read must be left to picocli.
 */
class PlainImageArgsTest {

    /** What a command was given, whichever of the four it is. */
    private record Read(Path root, List<Object> values) {
        static Read of(Subcommand c) {
            if (c instanceof ImagesCommand i) {
                return new Read(i.store.root(), Arrays.asList(i.quiet, i.noTrunc, i.format, i.filter));
            }
            if (c instanceof RmiCommand r) {
                return new Read(r.store.root(), List.of(r.force, r.images));
            }
            if (c instanceof TagCommand t) {
                return new Read(t.store.root(), List.of(t.source, t.target));
            }
            InspectCommand n = (InspectCommand) c;
            return new Read(n.store.root(), Arrays.asList(n.format, n.type, n.platform, n.names));
        }
    }

    private static Read picocli(String line) {
        return Read.of(CliRunner.parsedByPicocli(line.split(" ")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "images", "images -q", "images --quiet --no-trunc", "images --root /s app", "images --format={{.ID}} app:1",
        "tag a b", "tag --root /s a:1 r/b:2", "tag a --root=/s b",
        "inspect a", "inspect a b c", "inspect -f {{.Os}} a", "inspect --format={{json}} --type image a",
        "inspect --type container --root /s c", "inspect --platform linux/arm64 a", "inspect -f=x a",
        "rmi a", "rmi -f a b", "rmi --force --root /s a"})
    void readsWhatPicocliReads(String line) {
        Optional<Subcommand> plain = Main.plain(line.split(" "));
        assertThat(plain).as(line).isPresent();
        assertThat(Read.of(plain.get())).as(line).isEqualTo(picocli(line));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "images a b", "images --help", "images -q -q", "images -qa", "images --format", "images --root",
        "tag a", "tag a b c", "tag -h a b", "tag --root /a --root /b a b",
        "inspect", "inspect --type volume a", "inspect --platform a/b/c/d a", "inspect -f", "inspect -V a",
        "inspect --root /a\0b a", "inspect -- a", "rmi", "rmi -f", "rmi -f -f a", "rmi --help a"})
    void leavesTheRestToPicocli(String line) {
        assertThat(Main.plain(line.split(" "))).as(line).isEmpty();
    }
}
