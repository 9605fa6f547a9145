package io.jbuild.cli.registry;

import io.jbuild.core.registry.LocalRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jbuild.cli.CliRunner;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code jbuild login, push, pull, logout} through the real command line against a registry with a password. */
class RegistryCommandsTest {

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.withPassword("alice", "open-sesame");

    @TempDir
    static Path tmp;

    static String image;

    @BeforeAll
    static void buildAnImage() throws Exception {
        assumeTrue(Files.isRegularFile(Path.of("/bin/busybox")), "busybox-static is installed by .ci/run");
        Path context = Files.createDirectories(tmp.resolve("ctx"));
        Files.copy(Path.of("/bin/busybox"), context.resolve("busybox"));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY busybox /bin/busybox\n");
        image = REGISTRY.host() + "/cli/app:1";
        CliRunner.Outcome built = CliRunner.run("build", "-q", "--root", root("built"), "-t", image, context.toString());
        assertThat(built.exitCode()).as(built.err()).isZero();
    }

    private static String root(String name) {
        return tmp.resolve(name).toString();
    }

    private static String config() {
        return tmp.resolve("docker-config").toString();
    }

    private static CliRunner.Outcome loginWithStdin(String password) {
        InputStream stdin = System.in;
        System.setIn(new ByteArrayInputStream((password + "\n").getBytes(StandardCharsets.UTF_8)));
        try {
            return CliRunner.run("login", "--config", config(), "-u", "alice", "--password-stdin", REGISTRY.host());
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void loginPushPullLogout() throws Exception {
        CliRunner.Outcome denied = CliRunner.run("push", "--root", root("built"), "--config", config(), image);
        assertThat(denied.exitCode()).isEqualTo(1);
        assertThat(denied.err()).endsWith("\njbuild push: " + image + ": unauthorized: authentication required"
                + " (run jbuild login " + REGISTRY.host() + ")\n");

        CliRunner.Outcome wrong = CliRunner.run("login", "--config", config(), "-u", "alice", "-p", "nope",
                REGISTRY.host());
        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(wrong.err()).contains("WARNING! Using --password via the CLI is insecure")
                .contains("jbuild login: " + REGISTRY.host() + ": unauthorized: incorrect username or password");
        assertThat(tmp.resolve("docker-config/config.json")).doesNotExist();

        CliRunner.Outcome login = loginWithStdin("open-sesame");
        assertThat(login.exitCode()).as(login.err()).isZero();
        assertThat(login.out()).isEqualTo("Login Succeeded\n");
        Path file = tmp.resolve("docker-config/config.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains("\"auth\": \"YWxpY2U6b3Blbi1zZXNhbWU=\"");

        CliRunner.Outcome push = CliRunner.run("push", "--root", root("built"), "--config", config(), image);
        assertThat(push.exitCode()).as(push.err()).isZero();
        assertThat(push.out()).matches("1: digest: sha256:[0-9a-f]{64} size: \\d+\n");
        assertThat(push.err()).startsWith("The push refers to repository [" + REGISTRY.host() + "/cli/app]\n");
        assertThat(Pattern.compile("^[0-9a-f]{12}: Pushed$", Pattern.MULTILINE).matcher(push.err()).results().count())
                .isEqualTo(2);
        String digest = push.out().substring("1: digest: ".length(), push.out().indexOf(" size:"));

        CliRunner.Outcome pull = CliRunner.run("pull", "--root", root("pulled"), "--config", config(), image);
        assertThat(pull.exitCode()).as(pull.err()).isZero();
        assertThat(pull.out()).isEqualTo(image + "\n");
        assertThat(pull.err()).startsWith("1: Pulling from cli/app\n")
                .contains(": Pull complete\n", "Digest: " + digest + "\n",
                        "Status: Downloaded newer image for " + image + "\n");

        CliRunner.Outcome again = CliRunner.run("pull", "--root", root("pulled"), "--config", config(), image);
        assertThat(again.exitCode()).isZero();
        assertThat(again.err()).contains(": Already exists\n", "Status: Image is up to date for " + image + "\n");
        CliRunner.Outcome images = CliRunner.run("images", "--root", root("pulled"));
        assertThat(images.out()).contains(REGISTRY.host() + "/cli/app");

        CliRunner.Outcome logout = CliRunner.run("logout", "--config", config(), REGISTRY.host());
        assertThat(logout.out()).isEqualTo("Removing login credentials for " + REGISTRY.host() + "\n");
        assertThat(CliRunner.run("logout", "--config", config(), REGISTRY.host()).out())
                .isEqualTo("Not logged in to " + REGISTRY.host() + "\n");
        CliRunner.Outcome anonymous = CliRunner.run("pull", "-q", "--root", root("pulled2"), "--config", config(), image);
        assertThat(anonymous.exitCode()).isEqualTo(1);
        assertThat(anonymous.err()).isEqualTo("jbuild pull: " + image + ": unauthorized: authentication required"
                + " (run jbuild login " + REGISTRY.host() + ")\n");
    }

    @Test
    void failuresNameTheReferenceAndExitWith1() {
        CliRunner.Outcome bad = CliRunner.run("pull", "--root", root("x"), "Bad:Ref!");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).startsWith("jbuild pull: \"Bad:Ref!\": invalid reference format");

        CliRunner.Outcome notLocal = CliRunner.run("push", "--root", root("x"), REGISTRY.host() + "/cli/none:1");
        assertThat(notLocal.exitCode()).isEqualTo(1);
        assertThat(notLocal.err()).isEqualTo("The push refers to repository [" + REGISTRY.host() + "/cli/none]\n"
                + "jbuild push: an image does not exist locally with the tag: " + REGISTRY.host() + "/cli/none:1\n");

        assertThat(loginWithStdin("open-sesame").exitCode()).isZero();
        CliRunner.Outcome missing = CliRunner.run("pull", "--root", root("x"), "--config", config(),
                REGISTRY.host() + "/cli/app:404");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).endsWith("jbuild pull: " + REGISTRY.host() + "/cli/app:404: manifest unknown\n");
    }

    @Test
    void usageErrorsExitWith2() {
        assertThat(CliRunner.run("pull").exitCode()).isEqualTo(2);
        assertThat(CliRunner.run("push").exitCode()).isEqualTo(2);
        CliRunner.Outcome both = CliRunner.run("login", "-u", "a", "-p", "b", "--password-stdin", "x.io");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
        CliRunner.Outcome noUser = CliRunner.run("login", "--password-stdin", "x.io");
        assertThat(noUser.exitCode()).isEqualTo(2);
        assertThat(noUser.err()).contains("--password-stdin needs --username");
        CliRunner.Outcome platform = CliRunner.run("pull", "--root", root("x"), "--platform", "a/b/c/d", "busybox");
        assertThat(platform.exitCode()).isEqualTo(2);
        assertThat(platform.err()).contains("--platform: invalid platform \"a/b/c/d\"");
    }
}
