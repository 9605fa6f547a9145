package io.jbuild.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Run by the launcher's learning run only (it sets {@code jbuild.learn}): the class archive is made from the classes
 * that run loaded, and a build does not load what {@code run}, {@code images} or {@code push} need. Loading (not
 * initialising) every class of jbuild's own jars and of picocli puts them in the archive too, so every command
 * starts from it, not only a build.
 */
final class ClassArchiveLearning {

    /** A class of each jar whose classes are all loaded. */
    private static final String[] JARS = {"io.jbuild.cli.Main", "io.jbuild.core.build.ImageBuilder",
        "io.jbuild.grammar.parser.DockerfileParser", "picocli.CommandLine", "com.fasterxml.jackson.core.JsonFactory"};

    private ClassArchiveLearning() {
    }

    static void loadEveryCommandsClasses() {
        ClassLoader loader = Main.class.getClassLoader();
        for (String anchor : JARS) {
            try {
                CodeSource source = Class.forName(anchor, false, loader).getProtectionDomain().getCodeSource();
                if (source == null) {
                    continue;
                }
                Path jar = Path.of(source.getLocation().toURI());
                if (!jar.toString().endsWith(".jar")) {
                    continue; // classes from a directory (tests): nothing to learn for
                }
                try (JarFile file = new JarFile(jar.toFile())) {
                    for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                        String name = e.nextElement().getName();
                        if (name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class")) {
                            load(name.substring(0, name.length() - 6).replace('/', '.'), loader);
                        }
                    }
                }
            } catch (ClassNotFoundException | IOException | URISyntaxException | RuntimeException e) {
                // only a head start for later runs: a jar that cannot be read is left out
            }
        }
    }

    private static void load(String name, ClassLoader loader) {
        try {
            Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            // a class whose optional dependency is absent: never used, so not wanted in the archive
        }
    }
}
