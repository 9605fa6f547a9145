package io.jbuild.cli.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.cli.Shell;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jbuild build -} and {@code -f -}: the context or the Dockerfile on standard input, as docker build takes them. */
class StdinBuildTest {

    @TempDir
    Path tmp;

    private String jbuild(String... args) {
        String[] full = new String[args.length + 3];
        full[0] = "build";
        full[1] = "--root";
        full[2] = tmp.resolve("store").toString();
        System.arraycopy(args, 0, full, 3, args.length);
        return Shell.jbuild(full);
    }

    /** Nothing is left of the streamed inputs once the build has ended, whatever the outcome. */
    private void assertNoScratchLeft() throws Exception {
        Path build = tmp.resolve("store/build");
        if (Files.isDirectory(build)) {
            try (var left = Files.list(build)) {
                assertThat(left).isEmpty();
            }
        }
    }

    @Test
    void aCompressedTarOnStdinIsTheWholeContext() throws Exception {
        Path ctx = Files.createDirectories(tmp.resolve("ctx/sub"));
        Files.writeString(ctx.resolve("x"), "deep\n");
        Files.writeString(tmp.resolve("ctx/hi.txt"), "hello from a tar\n");
        Files.writeString(tmp.resolve("ctx/Dockerfile"), "FROM scratch\nCOPY . /out/\n");
        Path out = tmp.resolve("out");
        Shell.Result r = Shell.run("cd " + Shell.quoted(tmp.resolve("ctx").toString()) + " && tar czf ../ctx.tgz . && "
                + jbuild("-q", "-t", "fromtar:1", "-o", "type=local,dest=" + out, "-") + " < ../ctx.tgz");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output().strip()).startsWith("sha256:").hasSize(71);
        assertThat(Files.readString(out.resolve("out/hi.txt"))).isEqualTo("hello from a tar\n");
        assertThat(Files.readString(out.resolve("out/sub/x"))).isEqualTo("deep\n");
        assertNoScratchLeft();
        // -f names the Dockerfile inside the tar.
        Files.move(tmp.resolve("ctx/Dockerfile"), tmp.resolve("ctx/sub/Build.df"));
        Shell.Result named = Shell.run("cd " + Shell.quoted(tmp.resolve("ctx").toString())
                + " && tar cf ../ctx.tar . && " + jbuild("-q", "-f", "sub/Build.df", "-") + " < ../ctx.tar");
        assertThat(named.exitCode()).as(named.output()).isZero();
        Shell.Result missing = Shell.run("cd " + Shell.quoted(tmp.resolve("ctx").toString())
                + " && " + jbuild("-q", "-") + " < ../ctx.tar");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.output()).contains("Dockerfile: not in the context read from standard input");
        assertNoScratchLeft();
    }

    @Test
    void aTarThatClimbsOutIsRefusedAndWritesNothingOutside() throws Exception {
        Path tar = tmp.resolve("evil.tar");
        try (OutputStream file = Files.newOutputStream(tar); TarArchiveOutputStream t = new TarArchiveOutputStream(file)) {
            for (String name : new String[] {"Dockerfile", "../escaped"}) {
                byte[] body = (name.equals("Dockerfile") ? "FROM scratch\nCOPY . /\n" : "owned\n")
                        .getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(name, true);
                e.setSize(body.length);
                e.setMode(0644);
                t.putArchiveEntry(e);
                t.write(body);
                t.closeArchiveEntry();
            }
        }
        Shell.Result r = Shell.run(jbuild("-t", "evil:1", "-") + " < " + Shell.quoted(tar.toString()));
        assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
        assertThat(r.output()).contains("cannot read the build context from standard input").contains("../escaped");
        assertThat(tmp.resolve("store/escaped")).doesNotExist();
        assertThat(tmp.resolve("store/build/escaped")).doesNotExist();
        assertThat(Shell.run(Shell.jbuild("images", "--root", tmp.resolve("store").toString(), "-q")).output()).isEmpty();
        assertNoScratchLeft();
    }

    @Test
    void aDockerfileOnStdinBuildsWithAnEmptyContext() throws Exception {
        Shell.Result ok = Shell.run("printf 'FROM scratch\\nLABEL from=stdin\\n' | " + jbuild("-q", "-t", "label:1", "-"));
        assertThat(ok.exitCode()).as(ok.output()).isZero();
        Shell.Result inspect = Shell.run(Shell.jbuild("inspect", "--root", tmp.resolve("store").toString(), "label:1"));
        assertThat(inspect.output()).contains("\"from\": \"stdin\"");
        Shell.Result copy = Shell.run("printf 'FROM scratch\\nCOPY hi.txt /\\n' | "
                + jbuild("--progress=plain", "-") );
        assertThat(copy.exitCode()).isEqualTo(1);
        assertThat(copy.output()).contains("<stdin>:2").contains("hi.txt");
        assertNoScratchLeft();
    }

    @Test
    void dashFDashReadsTheDockerfileAndKeepsTheDirectoryAsContext() throws Exception {
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(ctx.resolve("hi.txt"), "hi\n");
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nCOPY nothing-here /\n");
        Path out = tmp.resolve("out");
        Shell.Result r = Shell.run("printf 'FROM scratch\\nCOPY hi.txt /copied\\n' | "
                + jbuild("-q", "-f", "-", "-o", "type=local,dest=" + out, ctx.toString()));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(Files.readString(out.resolve("copied"))).isEqualTo("hi\n");
        Shell.Result empty = Shell.run(jbuild("-f", "-", ctx.toString()));
        assertThat(empty.exitCode()).isEqualTo(1);
        assertThat(empty.output()).contains("the Dockerfile read from standard input is empty");
        Shell.Result both = Shell.run(jbuild("-f", "-", "-"));
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.output()).startsWith("cannot read both the build context and the Dockerfile from standard input");
        assertNoScratchLeft();
    }
}
