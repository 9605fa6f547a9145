package io.jbuild.cli.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.cli.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --cache-to} / {@code --cache-from} through the command line: two stores sharing a cache directory. */
class CacheFlagsTest {

    @TempDir
    Path tmp;

    @Test
    void aSecondStoreBuildsFromTheFirstsCacheDirectory() throws Exception {
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nCOPY a.txt /\n");
        Files.writeString(ctx.resolve("a.txt"), "a\n");
        String cache = tmp.resolve("cache").toString();
        CliRunner.Outcome a = CliRunner.run("build", "--root", tmp.resolve("a").toString(), "--progress", "plain",
                "--source-date-epoch", "1", "--cache-to", "type=local,dest=" + cache + ",mode=max", ctx.toString());
        assertThat(a.exitCode()).as(a.err()).isZero();
        assertThat(a.err()).contains("[2/2] COPY a.txt /\n#2 DONE", "\n#3 exporting cache to client directory "
                + cache + "\n#3 preparing build cache for export done\n#3 writing layer sha256:");
        CliRunner.Outcome b = CliRunner.run("build", "--root", tmp.resolve("b").toString(), "--progress", "plain",
                "--source-date-epoch", "1", "--cache-from", "type=local,src=" + cache, ctx.toString());
        assertThat(b.exitCode()).as(b.err()).isZero();
        // The import is a block of its own before the steps, as BuildKit prints it.
        assertThat(b.err()).startsWith("\n#1 importing cache manifest from " + cache + "\n#1 1 records\n#1 DONE ")
                .contains("[2/2] COPY a.txt /\n#3 CACHED").doesNotContain("WARN");
    }

    @Test
    void badValuesAreUsageErrors() throws Exception {
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\n");
        CliRunner.Outcome mode = CliRunner.run("build", "--cache-to", "type=registry,ref=r/c,mode=all", ctx.toString());
        assertThat(mode.exitCode()).isEqualTo(2);
        assertThat(mode.err()).startsWith("invalid --cache-to \"type=registry,ref=r/c,mode=all\": invalid cache"
                + " mode: all (use min or max)\n");
        CliRunner.Outcome type = CliRunner.run("build", "--cache-from", "type=gha", ctx.toString());
        assertThat(type.exitCode()).isEqualTo(2);
        assertThat(type.err()).startsWith("invalid --cache-from \"type=gha\": unknown cache importer: \"gha\"");
    }
}
