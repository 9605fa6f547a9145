package io.jbuild.cli.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.cli.CliRunner;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs read whole, and destinations, that are not what they should be: exit 1 (2 for an option's value) with a
 * message naming the path and what is wrong with it, before anything is built.
 */
class BuildInputsTest {

    @TempDir
    Path tmp;
    Path context;

    @BeforeEach
    void context() throws Exception {
        context = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY a.txt /\n");
        Files.writeString(context.resolve("a.txt"), "A");
    }

    private CliRunner.Outcome build(String... args) {
        String[] full = new String[args.length + 3];
        full[0] = "build";
        full[1] = "--root";
        full[2] = tmp.resolve("store").toString();
        System.arraycopy(args, 0, full, 3, args.length);
        return CliRunner.run(full);
    }

    @Test
    void aDockerfileThatIsNotARegularFileIsNamedWithWhatItIs() throws Exception {
        CliRunner.Outcome zero = build("-f", "/dev/zero", context.toString());
        assertThat(zero.exitCode()).isEqualTo(1);
        assertThat(zero.err()).contains("/dev/zero: not a regular file (a character device)");

        CliRunner.Outcome dir = build("-f", context.toString(), context.toString());
        assertThat(dir.exitCode()).isEqualTo(1);
        assertThat(dir.err()).contains(context + ": is a directory, not a file");

        CliRunner.Outcome missing = build("-f", tmp.resolve("nope").toString(), context.toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains(tmp.resolve("nope") + ": no such file");

        Path huge = tmp.resolve("huge");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(65L << 20); // sparse: no disk used
        }
        CliRunner.Outcome big = build("-f", huge.toString(), context.toString());
        assertThat(big.exitCode()).isEqualTo(1);
        assertThat(big.err()).contains(huge + ": is " + (65L << 20) + " bytes, more than the limit");
    }

    @Test
    void secretsIidfilesAndEnvFilesAreCheckedToo() throws Exception {
        CliRunner.Outcome secret = build("--secret", "id=s,src=/dev/zero", context.toString());
        assertThat(secret.exitCode()).isNotZero();
        assertThat(secret.err()).contains("--secret id=s,src=/dev/zero: /dev/zero: not a regular file");

        Path iid = Files.createDirectories(tmp.resolve("iid"));
        CliRunner.Outcome iidfile = build("--iidfile", iid.toString(), context.toString());
        assertThat(iidfile.exitCode()).isEqualTo(1);
        assertThat(iidfile.err()).contains("--iidfile " + iid + ": is a directory");
        assertThat(tmp.resolve("store/oci/index.json")).as("refused before building").satisfiesAnyOf(
                p -> assertThat(p).doesNotExist(), p -> assertThat(p).content().doesNotContain("digest"));

        CliRunner.Outcome env = CliRunner.run("run", "--root", tmp.resolve("store").toString(), "--env-file",
                "/dev/zero", "busybox:1");
        assertThat(env.exitCode()).isNotZero();
        assertThat(env.err()).contains("--env-file /dev/zero: not a regular file (a character device)");
    }

    @Test
    void lintAndParseNameADeviceInsteadOfReadingIt() {
        for (String command : new String[] {"lint", "parse"}) {
            CliRunner.Outcome o = command.equals("lint") ? CliRunner.run("lint", "/dev/zero")
                    : CliRunner.run("parse", "-f", "/dev/zero");
            assertThat(o.exitCode()).as(command).isEqualTo(1);
            assertThat(o.err()).contains("jbuild " + command + ": /dev/zero: not a regular file (a character device)");
        }
    }

    @Test
    void aLocalOutputOntoTheContextIsRefusedAndTheContextKept() throws Exception {
        for (Path dest : new Path[] {context, tmp}) {
            CliRunner.Outcome o = build("-o", "type=local,dest=" + dest, context.toString());
            assertThat(o.exitCode()).isNotZero();
            assertThat(o.err()).contains("dest=" + dest + ": the destination holds the build context " + context);
        }
        try (var files = Files.list(context)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("Dockerfile", "a.txt");
        }
        CliRunner.Outcome inside = build("-o", "type=local,dest=" + context.resolve("out"), context.toString());
        assertThat(inside.exitCode()).as(inside.err()).isZero();
        assertThat(context.resolve("out/a.txt")).hasContent("A");
    }
}
