package io.jbuild.core.desugar;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.core.exec.OutputSink;
import io.jbuild.grammar.reference.Digest;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tools/LambdaDesugar.java, the build step that makes the modules' lambdas plain classes: the main classes these
 * tests run are its output, and each shape of lambda javac compiles behaves as before it.
 */
class LambdaDesugarTest {

    @TempDir
    Path tmp;

    @Test
    void theMainClassesLambdasArePlainClasses() {
        // (a lambda the JVM links is a hidden class; one the build step made is an ordinary class of the nest)
        assertThat(OutputSink.DISCARD.getClass().isHidden()).isFalse();
        assertThat(OutputSink.DISCARD.getClass().getName()).startsWith("io.jbuild.core.exec.OutputSink$$Fn");
        assertThat(OutputSink.DISCARD.getClass().getNestHost()).isEqualTo(OutputSink.class);
    }

    @Test
    void everyShapeOfLambdaGivesTheSameResultsRewritten() throws Exception {
        Path dir = tmp.resolve("classes");
        Path pkg = Files.createDirectories(dir.resolve("io/jbuild/core/desugar"));
        compiled(pkg);
        // A first run cannot see the other module's class (no class path given): that one site is left.
        assertThat(counts(desugar(dir, null))).containsExactly(22, 1);
        // A run over that output with the class path makes the last site a class of its own, after the others.
        String classPath = Path.of(Digest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        assertThat(counts(desugar(dir, classPath))).containsExactly(1, 0);
        assertThat(pkg.resolve("LambdaShapes$$Fn0.class")).exists();

        List<String> asCompiled = LambdaShapes.run();
        assertThat(rewritten(dir)).isEqualTo(asCompiled).contains("none, one instance", "len 4", "boxedAdd 9",
                "Box(7)", "widened 5", "intToDouble 5.0", "hi you;hi you;", "iface3", "curried 42",
                "[fig, pear, kiwi, apple]", "null receiver refused", "[added]", "sha256");

        // Again on its own output: nothing changes.
        byte[] before = Files.readAllBytes(pkg.resolve("LambdaShapes.class"));
        assertThat(counts(desugar(dir, classPath))).containsExactly(0, 0);
        assertThat(Files.readAllBytes(pkg.resolve("LambdaShapes.class"))).isEqualTo(before);

        // The classes compiled again (an incremental build): every site made anew, the old classes gone.
        Files.writeString(pkg.resolve("LambdaShapes$$Fn99.class"), "stale");
        compiled(pkg);
        assertThat(counts(desugar(dir, classPath))).containsExactly(23, 0);
        assertThat(pkg.resolve("LambdaShapes$$Fn99.class")).doesNotExist();
        assertThat(rewritten(dir)).isEqualTo(asCompiled);
    }

    /** Copies javac's LambdaShapes classes into {@code pkg}, over what is there. */
    private static void compiled(Path pkg) throws Exception {
        Path compiled = Path.of(LambdaShapes.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("io/jbuild/core/desugar");
        try (DirectoryStream<Path> s = Files.newDirectoryStream(compiled, "LambdaShapes*.class")) {
            for (Path p : s) {
                Files.copy(p, pkg.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** LambdaShapes.run() of the classes in {@code dir}, the other classes from this test's loader. */
    @SuppressWarnings("unchecked")
    private static List<String> rewritten(Path dir) throws Exception {
        String prefix = LambdaShapes.class.getName();
        ClassLoader parent = LambdaDesugarTest.class.getClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, parent) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (!name.startsWith(prefix)) {
                    return super.loadClass(name, resolve);
                }
                synchronized (getClassLoadingLock(name)) {
                    Class<?> c = findLoadedClass(name);
                    return c != null ? c : findClass(name); // these from dir, not from the parent
                }
            }
        }) {
            Class<?> shapes = loader.loadClass(prefix);
            assertThat(shapes).isNotEqualTo(LambdaShapes.class);
            return (List<String>) shapes.getMethod("run").invoke(null);
        }
    }

    /** The tool's report: sites made classes, sites left. */
    private static List<Integer> counts(String report) {
        Matcher m = Pattern.compile("(\\d+) lambda sites made plain classes, (\\d+) left").matcher(report);
        assertThat(m.find()).as(report).isTrue();
        return List.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** Runs the tool as the build does, with {@code classPath} if not null; returns what it printed. */
    private static String desugar(Path dir, String classPath) throws IOException, InterruptedException {
        Path asm;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(Path.of("target/desugar-tool"), "asm-*.jar")) {
            asm = s.iterator().next();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", asm.toString(), Path.of("../tools/LambdaDesugar.java").toString(),
                dir.toString()));
        if (classPath != null) {
            command.add(classPath);
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
