package io.jbuild.cli.parse;

import io.jbuild.core.build.StreamedInputs;
import io.jbuild.core.fs.InputFiles;
import io.jbuild.core.json.AstJson;
import io.jbuild.grammar.parser.BuildKitDump;
import io.jbuild.grammar.parser.DockerfileParser;
import io.jbuild.grammar.parser.ParseResult;
import io.jbuild.grammar.source.Diagnostic;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jbuild parse}: print a Dockerfile's syntax tree, or its errors. */
@Command(name = "parse",
        mixinStandardHelpOptions = true,
        description = {
            "Parse a Dockerfile and print its instructions.",
            "json prints the typed syntax tree (schema in README.md); buildkit prints BuildKit's node dump,",
            "the format of BuildKit's parser test data. Problems go to standard error as FILE:LINE:COL: ...",
            "and make the exit code 1."})
public final class ParseCommand implements Callable<Integer> {

    /** Output formats. */
    public enum Format { json, buildkit }

    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--file"}, paramLabel = "PATH", defaultValue = "Dockerfile",
            description = "The Dockerfile to read, '-' for standard input (default: ${DEFAULT-VALUE}).")
    String file;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "json",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String name = file.equals("-") ? "<stdin>" : file;
        String text;
        Optional<String> problem = file.equals("-") || !Files.exists(Path.of(file)) ? Optional.empty()
                : InputFiles.problem(Path.of(file), StreamedInputs.MAX_DOCKERFILE_BYTES);
        if (problem.isPresent()) {
            err.println("jbuild parse: " + name + ": " + problem.get());
            return 1;
        }
        try {
            byte[] bytes = file.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
            text = DockerfileParser.decode(bytes);
        } catch (NoSuchFileException e) {
            err.println("jbuild parse: " + name + ": no such file");
            return 1;
        } catch (IOException e) {
            err.println("jbuild parse: " + name + ": cannot read: " + e.getMessage());
            return 1;
        }
        ParseResult result = DockerfileParser.parse(text);
        for (Diagnostic d : result.diagnostics()) {
            err.println(d.format(name));
        }
        // BuildKit's dump is the parser's view: only what BuildKit's parser rejects counts there.
        boolean failed = format == Format.buildkit ? result.hasSyntaxErrors() : result.hasErrors();
        if (format == Format.buildkit) {
            if (!failed) {
                out.print(BuildKitDump.dump(result.nodes()));
            }
        } else {
            out.println(AstJson.write(name, result));
        }
        out.flush();
        return failed ? 1 : 0;
    }
}
