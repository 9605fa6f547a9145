package io.jbuild.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher ({@code ./jbuild}) finds the JVM's home through the links of the java on the PATH, and keeps the answer
 * beside the jar: a copy of it runs here in a checkout of its own, with fake JDKs whose java prints the options it was
 * given and a readlink on the PATH that notes each call.
 */
class LauncherJavaTest {

    @TempDir
    Path dir;

    @Test
    void theJvmsHomeIsLookedUpOnceAndAgainWhenJavaLeadsElsewhere() throws Exception {
        Path checkout = dir.resolve("checkout");
        Path launcher = checkout.resolve("jbuild");
        Files.createDirectories(checkout);
        Files.copy(Path.of("").toAbsolutePath().getParent().resolve("jbuild"), launcher);
        for (String module : List.of("grammar", "lsp", "builder-core", "builder-cli")) {
            Files.createDirectories(checkout.resolve(module).resolve("src/main"));
            Files.writeString(checkout.resolve(module).resolve("pom.xml"), "<project/>");
        }
        Files.createDirectories(checkout.resolve("tools"));
        Files.writeString(checkout.resolve("pom.xml"), "<project/>");
        Path target = Files.createDirectories(checkout.resolve("builder-cli/target"));
        Path jar = Files.writeString(target.resolve("jbuild.jar"), "");
        // newer than every source: the launcher builds nothing
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));

        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path calls = dir.resolve("readlink-calls");
        executable(bin.resolve("readlink"), "#!/bin/sh\necho \"$*\" >> '" + calls + "'\nexec /usr/bin/readlink \"$@\"\n");
        Path java17 = fakeJdk("jdk17", "17.0.9");
        Path java25 = fakeJdk("jdk25", "25.0.1");
        Path java = bin.resolve("java");
        Files.createSymbolicLink(java, java17);
        Map<String, String> env = Map.of("PATH", bin + ":/usr/bin:/bin", "JBUILD_JAVA", "");

        Shell.Result first = Shell.run(Shell.quoted(launcher.toString()) + " --version", env);
        assertThat(first.exitCode()).isZero();
        assertThat(first.output()).contains("fake java 17", "-Xlog:all=error,cds=off:stderr", "io.jbuild.cli.Main\n")
                .doesNotContain("aot=off");
        assertThat(readlinks(calls)).isEqualTo(1);
        Path resolved = target.resolve(".java-resolved");
        assertThat(Files.readString(resolved)).isEqualTo(java17.toRealPath() + "\n");

        Shell.Result again = Shell.run(Shell.quoted(launcher.toString()) + " --version", env);
        assertThat(again.output()).isEqualTo(first.output());
        assertThat(readlinks(calls)).as("the kept answer is taken again").isEqualTo(1);

        // The same name now leads to another JDK (update-alternatives does this): its home and version are found.
        Files.delete(java);
        Files.createSymbolicLink(java, java25);
        Shell.Result switched = Shell.run(Shell.quoted(launcher.toString()) + " --version", env);
        assertThat(switched.exitCode()).isZero();
        assertThat(switched.output()).contains("fake java 25", "-Xlog:all=error,cds=off,aot=off:stderr");
        assertThat(readlinks(calls)).isEqualTo(2);
        assertThat(Files.readString(resolved)).isEqualTo(java25.toRealPath() + "\n");

        // A kept answer that is not a whole path (a reader beside its writer) is asked again, not trusted.
        Files.writeString(resolved, java25.toRealPath().toString().substring(0, 10) + "\n");
        assertThat(Shell.run(Shell.quoted(launcher.toString()) + " --version", env).output())
                .isEqualTo(switched.output());
        assertThat(readlinks(calls)).isEqualTo(3);
    }

    /** A JDK home whose java prints its version and its arguments, one per line. */
    private Path fakeJdk(String name, String version) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name).resolve("bin")).getParent();
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"fake\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = home.resolve("bin/java");
        executable(java, "#!/bin/sh\necho 'fake java " + version.substring(0, 2) + "'\nprintf '%s\\n' \"$@\"\n");
        return java;
    }

    private static void executable(Path file, String script) throws IOException {
        Files.writeString(file, script, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static long readlinks(Path calls) throws IOException {
        return Files.exists(calls) ? Files.readAllLines(calls).size() : 0;
    }
}
