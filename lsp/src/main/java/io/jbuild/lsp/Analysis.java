package io.jbuild.lsp;

import io.jbuild.grammar.lint.LintConfig;
import io.jbuild.grammar.lint.LintConfigException;
import io.jbuild.grammar.lint.LintConfigFile;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.LintDiagnostic;
import io.jbuild.grammar.lint.LintOptions;
import io.jbuild.grammar.lint.Linter;
import io.jbuild.grammar.parser.DockerfileParser;
import io.jbuild.grammar.parser.ParseResult;
import io.jbuild.grammar.source.Severity;
import io.jbuild.grammar.source.SourceRange;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One version of a document, parsed and linted as {@code jbuild lint} would with the Dockerfile's directory as the
 * context: its {@code .dockerignore} for CopyIgnoredFile, a {@code .jbuild-lint.yaml} / {@code .hadolint.yaml}
 * there or else in a workspace folder (or the file the client named). Immutable once made.
 */
final class Analysis {

    /** Rule id of a finding about the configuration (a bad YAML file, a bad {@code .dockerignore}). */
    static final String CONFIG = "config";

    private final TextDocument document;
    private final LineMap lines;
    private final ParseResult parse;
    private final LintOptions options;
    // made when a request first needs it: the diagnostics do not, and a change's are published without waiting for it
    private volatile LintContext context;
    private final List<LintDiagnostic> findings;

    private Analysis(TextDocument document, ParseResult parse, LintOptions options, List<LintDiagnostic> findings) {
        this.document = document;
        this.lines = LineMap.of(document.text());
        this.parse = parse;
        this.options = options;
        this.findings = List.copyOf(findings);
    }

    static Analysis of(TextDocument document, ServerSettings settings) {
        return of(document, settings, Linter.standard()::lint);
    }

    /** The function of {@link Linter#lint(String, ParseResult, LintOptions)}. */
    interface Lint {
        List<LintDiagnostic> lint(String text, ParseResult parse, LintOptions options);
    }

    /** As {@link #of(TextDocument, ServerSettings)}, linting with {@code linter} (which finds what the linter does). */
    static Analysis of(TextDocument document, ServerSettings settings, Lint linter) {
        String text = document.text();
        List<LintDiagnostic> out = new ArrayList<>();
        LintOptions options = options(document.uri(), settings, out);
        ParseResult parse = DockerfileParser.parse(text);
        try {
            out.addAll(linter.lint(text, parse, options));
        } catch (RuntimeException | StackOverflowError e) {
            // the linter turns a failing rule into a finding; this is for a failure outside the rules
            out.add(finding(Linter.INTERNAL, "the linter failed on this text: " + e));
        }
        return new Analysis(document, parse, options, out);
    }

    private static LintOptions options(String uri, ServerSettings settings, List<LintDiagnostic> problems) {
        Optional<Path> dir = directory(uri);
        List<Path> dirs = new ArrayList<>();
        dir.ifPresent(dirs::add);
        dirs.addAll(settings.workspaces());
        LintOptions options = LintOptions.defaults().withBuildArgs(settings.buildArgs());
        try {
            options = options.withConfig(LintConfigFile.load(settings.config(), dirs));
        } catch (IOException | LintConfigException | RuntimeException e) {
            problems.add(finding(CONFIG, "lint configuration not used: " + e.getMessage()));
            options = options.withConfig(LintConfig.defaults());
        }
        if (dir.isPresent()) {
            try {
                options = options.withContext(dir.get());
            } catch (IOException | RuntimeException e) {
                problems.add(finding(CONFIG, ".dockerignore not used: " + e.getMessage()));
            }
        }
        return options;
    }

    /** The directory of a {@code file:} URI; none for other schemes (an unsaved buffer, say). */
    static Optional<Path> directory(String uri) {
        return path(uri).map(Path::getParent);
    }

    /** The path of a {@code file:} URI. */
    static Optional<Path> path(String uri) {
        try {
            URI u = URI.create(uri);
            return "file".equals(u.getScheme()) ? Optional.of(Path.of(u)) : Optional.empty();
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            return Optional.empty();
        }
    }

    private static LintDiagnostic finding(String rule, String message) {
        return new LintDiagnostic(rule, Severity.WARNING, message, SourceRange.of(1, 1, 1, 1), Optional.empty(),
                "jbuild could not read its configuration for this file.", List.of());
    }

    TextDocument document() {
        return document;
    }

    String text() {
        return document.text();
    }

    LineMap lines() {
        return lines;
    }

    /** The parse that {@link #context()} reads (of an empty text in the rare case the text could not be read). */
    ParseResult parse() {
        return context().parse();
    }

    LintContext context() {
        LintContext c = context;
        if (c == null) {
            synchronized (this) {
                c = context;
                if (c == null) {
                    try {
                        c = LintContext.of(document.text(), parse, options);
                    } catch (RuntimeException | StackOverflowError e) {
                        // symbols, hover and completion then see an empty file; the diagnostics still say what is wrong
                        c = LintContext.of("", DockerfileParser.parse(""), options);
                    }
                    context = c;
                }
            }
        }
        return c;
    }

    List<LintDiagnostic> findings() {
        return findings;
    }
}
