package io.jbuild.cli.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.cli.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jbuild build} through the real command line. */
class BuildCommandTest {

    @TempDir
    Path tmp;

    private Path context(String dockerfile) throws Exception {
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), dockerfile);
        Files.writeString(ctx.resolve("hello.txt"), "hello\n");
        return ctx;
    }

    @Test
    void buildsTagsAndWritesTheImageId() throws Exception {
        Path ctx = context("FROM scratch\nARG my_ver=1.0\nENV my_ver=$my_ver\nCOPY hello.txt /\n");
        Path iid = tmp.resolve("iid");
        CliRunner.Outcome o = CliRunner.run("build", "--root", tmp.resolve("store").toString(), "-t", "hello:2",
                "--build-arg", "my_ver=2.0", "--iidfile", iid.toString(), ctx.toString());
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(o.err().replaceAll("DONE \\d+\\.\\ds", "DONE 0.0s").replaceAll("sha256:[0-9a-f]{64}", "sha256:ID"))
                .isEqualTo("""

                        #1 [1/4] FROM scratch
                        #1 DONE 0.0s

                        #2 [2/4] ARG my_ver=1.0
                        #2 DONE 0.0s

                        #3 [3/4] ENV my_ver=$my_ver
                        #3 DONE 0.0s

                        #4 [4/4] COPY hello.txt /
                        #4 DONE 0.0s

                        #5 exporting to image
                        #5 writing image sha256:ID done
                        #5 naming to docker.io/library/hello:2 done
                        #5 DONE 0.0s
                        """);
        assertThat(Files.readString(iid)).startsWith("sha256:").hasSize(71);
        CliRunner.Outcome again = CliRunner.run("build", "--root", tmp.resolve("store").toString(), "-q", "-t", "hello:2",
                "--build-arg", "my_ver=2.0", ctx.toString());
        assertThat(again.out().strip()).isEqualTo(Files.readString(iid));
        // A cached step ends with CACHED alone, as in BuildKit's plain output.
        CliRunner.Outcome cached = CliRunner.run("build", "--root", tmp.resolve("store").toString(), "--progress=plain",
                "-t", "hello:2", "--build-arg", "my_ver=2.0", ctx.toString());
        assertThat(cached.err().replaceAll("DONE \\d+\\.\\ds", "DONE 0.0s").replaceAll("sha256:[0-9a-f]{64}", "sha256:ID"))
                .endsWith("""

                        #4 [4/4] COPY hello.txt /
                        #4 CACHED

                        #5 exporting to image
                        #5 writing image sha256:ID done
                        #5 naming to docker.io/library/hello:2 done
                        #5 DONE 0.0s
                        """);
    }

    /**
     * A context holding only {@code dockerfile} is built from it, as docker and BuildKit do (dockerui's
     * ReadEntrypoint, moby/moby#10858), with {@code Dockerfile.dockerignore}, the ignore file of the name asked for;
     * when {@code Dockerfile} exists too, it wins. {@code jbuild plan} and {@code lint} find it the same way.
     */
    @Test
    void aLowerCaseDockerfileIsUsedWhenThereIsNoDockerfile() throws Exception {
        Path ctx = Files.createDirectories(tmp.resolve("lower"));
        Files.writeString(ctx.resolve("dockerfile"), "FROM scratch\nCOPY . /all/\n");
        Files.writeString(ctx.resolve("kept.txt"), "kept\n");
        Files.writeString(ctx.resolve("secret.txt"), "secret\n");
        Files.writeString(ctx.resolve("Dockerfile.dockerignore"), "secret.txt\n");
        Path out = tmp.resolve("out-lower");
        CliRunner.Outcome o = CliRunner.run("build", "--root", tmp.resolve("store").toString(), "-o",
                "type=local,dest=" + out, ctx.toString());
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(Files.readString(out.resolve("all/kept.txt"))).isEqualTo("kept\n");
        assertThat(out.resolve("all/secret.txt")).doesNotExist();

        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nCOPY kept.txt /upper.txt\n");
        Path both = tmp.resolve("out-both");
        o = CliRunner.run("build", "--root", tmp.resolve("store").toString(), "-o", "type=local,dest=" + both,
                ctx.toString());
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(both.resolve("upper.txt")).exists();
        assertThat(both.resolve("all")).doesNotExist();
    }

    @Test
    void errorsNameTheDockerfileLine() throws Exception {
        Path ctx = context("FROM scratch\nCOPY nope.txt /\n");
        CliRunner.Outcome o = CliRunner.run("build", "--root", tmp.resolve("store").toString(), "-t", "x:1", ctx.toString());
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.err()).contains(ctx.resolve("Dockerfile") + ":2:1: error: COPY: \"nope.txt\": not found in build context");
        // Above the error, BuildKit's excerpt of the Dockerfile.
        assertThat(o.err()).contains("""
                Dockerfile:2
                --------------------
                   1 |     FROM scratch
                   2 | >>> COPY nope.txt /
                   3 |    \s
                --------------------
                """ + ctx.resolve("Dockerfile") + ":2:1: error:");
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nCOPY --bogus=1 a /\n");
        CliRunner.Outcome syntax = CliRunner.run("build", "--root", tmp.resolve("store").toString(), ctx.toString());
        assertThat(syntax.exitCode()).isEqualTo(1);
        assertThat(syntax.err()).startsWith("Dockerfile:2\n").contains(" >>> COPY --bogus=1 a /\n")
                .endsWith(ctx.resolve("Dockerfile") + ":2:6: error: unknown flag: --bogus\n");
    }

    @Test
    void badFlagValuesAreUsageErrors() throws Exception {
        Path ctx = context("FROM scratch\n");
        CliRunner.Outcome o = CliRunner.run("build", "--root", tmp.resolve("store").toString(), "--compression", "lz4",
                ctx.toString());
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).contains("unknown compression \"lz4\"");
    }

    @Test
    void checkLintsFirstAndStopsOnErrors() throws Exception {
        Path ctx = context("FROM scratch AS Base\nCOPY hello.txt /\n");
        CliRunner.Outcome warned = CliRunner.run("build", "--check", "--root", tmp.resolve("store").toString(),
                "-t", "ok:1", ctx.toString());
        assertThat(warned.exitCode()).as(warned.err()).isZero();
        assertThat(warned.err()).contains("StageNameCasing");
        Files.writeString(ctx.resolve("Dockerfile"), "# check=error=true\nFROM scratch AS Base\nCOPY hello.txt /\n");
        CliRunner.Outcome failed = CliRunner.run("build", "--check", "--root", tmp.resolve("store").toString(),
                "-t", "bad:1", ctx.toString());
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err()).contains("StageNameCasing", "--check found errors; nothing was built");
        assertThat(failed.err()).doesNotContain("naming to");
    }
}
