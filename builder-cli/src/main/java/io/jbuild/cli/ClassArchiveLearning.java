package io.jbuild.cli;

import io.jbuild.cli.lint.LintCommand;
import io.jbuild.core.registry.LearningRegistry;
import io.jbuild.core.snapshot.FileTrees;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Run by the launcher's learning run only (it sets {@code jbuild.learn}): the class archive is made from the classes
 * that run loaded, and a build does not load what {@code run}, {@code images} or {@code push} need. Loading (not
 * initialising) every class of jbuild's own jars and of picocli puts them in the archive too, so every command
 * starts from it, not only a build. Loading is not running, though: the lambdas and record methods of the linter's
 * rules are only linked when they run, so the learning run also lints two small Dockerfiles, as {@code jbuild lint}
 * would (10% less wall time for a lint of 206 files), and runs the commands that talk to a registry against one in
 * its memory ({@link #registryCommands}): a build with {@code --cache-from} on a store holding only the base, whose
 * learning run was a plain build, spun 53 lambdas at run time (~50 ms of its ~400).
 */
final class ClassArchiveLearning {

    /** A class of each jar whose classes are all loaded. */
    private static final String[] JARS = {"io.jbuild.cli.Main", "io.jbuild.core.build.ImageBuilder",
        "io.jbuild.grammar.parser.DockerfileParser", "picocli.CommandLine", "com.fasterxml.jackson.core.JsonFactory",
        "com.fasterxml.jackson.databind.ObjectMapper",
        // jbuild lsp: the server, LSP4J's protocol and JSON-RPC, and gson, which reads and writes its messages
        "io.jbuild.lsp.Main", "org.eclipse.lsp4j.Position", "org.eclipse.lsp4j.jsonrpc.Launcher", "com.google.gson.Gson"};

    /** Instructions that the linter's rules look into (package managers, downloads, stages, labels). */
    private static final String SAMPLE = String.join("\n",
        "# syntax=docker/dockerfile:1", "ARG BASE=debian", "FROM ${BASE}:12 as build", "ENV A=1 B=$A", "ENV C 3",
        "RUN apt-get update && apt-get install curl wget | tee /log; cd /tmp && pip install flask && npm i x",
        "RUN yum install -y tar && apk add --no-cache git && gem install rails && go install x@latest",
        "WORKDIR app", "COPY --from=build a.tar.gz /x", "ADD http://example.com/a.tar.gz /", "EXPOSE 80/TCP 70000",
        "LABEL maintainer=\"a@b.c\" version=1", "USER root", "HEALTHCHECK CMD curl -f http://localhost/",
        "FROM scratch", "COPY --from=build /x /", "SHELL [\"/bin/sh\", \"-c\"]", "ENTRYPOINT run $UNSET",
        "CMD echo hi", "");

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
        lintSamples();
        registryCommands();
    }

    /**
     * A build that exports its cache and pushes, the same build on an empty store from that cache, a push and a
     * re-push, and a pull: run in this process against a {@link LearningRegistry}, each on a store of its own in a
     * temporary directory, their output discarded. Whether every command succeeded (a test holds it to that).
     */
    static boolean registryCommands() {
        Path dir = null;
        try (LearningRegistry registry = LearningRegistry.start()) {
            dir = Files.createTempDirectory("jbuild-learn");
            Path context = Files.createDirectories(dir.resolve("context"));
            // Two stages, one copying from the other: the stages are scheduled on threads, and a COPY --from keyed
            Files.writeString(context.resolve("Dockerfile"), "FROM scratch AS parts\nCOPY a /a\n"
                    + "FROM scratch\nCOPY --from=parts /a /a\nCOPY b /b\nCMD [\"/a\"]\n");
            Files.writeString(context.resolve("a"), "a");
            Files.writeString(context.resolve("b"), "b");
            String image = registry.address() + "/learn";
            String first = dir.resolve("first").toString();
            String second = dir.resolve("second").toString();
            List<List<String>> commands = List.of(
                List.of("build", "--root", first, "--progress", "plain", "--cache-to",
                    "type=registry,ref=" + image + ":cache,mode=max", "--push", "-t", image + ":1", context.toString()),
                List.of("build", "--root", second, "--progress", "plain", "--cache-from",
                    "type=registry,ref=" + image + ":cache", "-t", image + ":2", context.toString()),
                List.of("push", "--root", second, image + ":2"),
                List.of("push", "--root", second, image + ":2"),
                List.of("pull", "--root", dir.resolve("third").toString(), "-q", image + ":1"));
            PrintWriter none = new PrintWriter(Writer.nullWriter());
            boolean all = true;
            for (List<String> command : commands) {
                all &= Main.run(none, none, command.toArray(String[]::new)) == 0;
            }
            return all;
        } catch (IOException | RuntimeException e) {
            return false; // only a head start, as above
        } finally {
            if (dir != null) {
                try {
                    FileTrees.delete(dir);
                } catch (IOException e) {
                    // small files in a temporary directory: left to the system's clean-up
                }
            }
        }
    }

    /** {@code jbuild lint} of two files (two, so that they are linted in parallel), its output discarded; as a
     * plain command line runs, without picocli. */
    private static void lintSamples() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("jbuild-learn");
            Path a = Files.writeString(dir.resolve("Dockerfile"), SAMPLE);
            Path b = Files.writeString(dir.resolve("Dockerfile.b"), SAMPLE.replace("as build", "AS build"));
            PrintWriter none = new PrintWriter(Writer.nullWriter());
            LintCommand.plain("lint", "--no-fail", a.toString(), b.toString()).ifPresent(c -> c.run(none, none));
        } catch (IOException | RuntimeException e) {
            // only a head start, as above
        } finally {
            if (dir != null) {
                try {
                    FileTrees.delete(dir);
                } catch (IOException e) {
                    // a temporary directory of two small files: left to the system's clean-up
                }
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
