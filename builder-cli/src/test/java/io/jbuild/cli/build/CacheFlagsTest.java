package io.jbuild.cli.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.cli.CliRunner;
import io.jbuild.core.registry.LocalRegistry;
import io.jbuild.core.store.ImageStore;
import io.jbuild.grammar.reference.ImageReference;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code --cache-to} / {@code --cache-from} through the command line: two stores sharing a cache directory. */
class CacheFlagsTest {

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.open();

    @TempDir
    Path tmp;

    @Test
    void outputTypeRegistryPushesWithoutStoringAndMountsTheCachesLayer() throws Exception {
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nCOPY a.txt /\n");
        Files.writeString(ctx.resolve("a.txt"), "registry\n");
        String cache = REGISTRY.host() + "/cli/cache:main";
        String image = REGISTRY.host() + "/cli/app:1";
        CliRunner.Outcome a = CliRunner.run("build", "--root", tmp.resolve("a").toString(), "--progress", "plain",
                "--source-date-epoch", "1", "--cache-to", "type=registry,ref=" + cache, ctx.toString());
        assertThat(a.exitCode()).as(a.err()).isZero();
        int before = REGISTRY.served().size();
        CliRunner.Outcome b = CliRunner.run("build", "--root", tmp.resolve("b").toString(), "--progress", "plain",
                "--source-date-epoch", "1", "--cache-from", "type=registry,ref=" + cache, "-t", image,
                "-o", "type=registry", ctx.toString());
        assertThat(b.exitCode()).as(b.err()).isZero();
        assertThat(b.err()).contains("[2/2] COPY a.txt /\n#3 CACHED", "pushed " + image + " sha256:")
                .doesNotContain("WARN");
        var served = REGISTRY.servedAfter(before, q -> q.method().equals("PUT")
                && q.uri().equals("/v2/cli/app/manifests/1"));
        // One blob read from the cache, its config; the layer is linked into the image's repository.
        assertThat(served.stream().filter(q -> q.method().equals("GET") && q.uri().startsWith("/v2/cli/cache/blobs/")))
                .as(served.toString()).hasSize(1);
        assertThat(served).as(served.toString()).anyMatch(q -> q.method().equals("POST") && q.uri().contains("mount=")
                && q.uri().endsWith("&from=cli/cache") && q.status() == 201);
        assertThat(ImageStore.open(tmp.resolve("b")).lookup(ImageReference.parse(image))).isEmpty();
    }

    @Test
    void outputTypeRegistryIsAloneAndNeedsAName() throws Exception {
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\n");
        CliRunner.Outcome none = CliRunner.run("build", "-o", "type=registry", ctx.toString());
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).startsWith("--output type=registry needs a -t NAME or name=NAME to push to\n");
        CliRunner.Outcome both = CliRunner.run("build", "-t", "r/x", "--push", "-o", "type=registry", ctx.toString());
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("cannot go with --push, which stores and pushes");
        CliRunner.Outcome image = CliRunner.run("build", "-t", "r/x", "-o", "type=image,push=true", ctx.toString());
        assertThat(image.exitCode()).isEqualTo(2);
        assertThat(image.err()).contains("use --push (stored and pushed) or type=registry (only pushed)");
    }

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
