package io.jbuild.bench;

import io.jbuild.grammar.lint.LintDiagnostic;
import io.jbuild.grammar.lint.LintOptions;
import io.jbuild.grammar.lint.Linter;
import io.jbuild.grammar.parser.DockerfileParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The linter on every keystroke of an editor: {@code lintThousandLines} lints one generated 1,000-line
 * multi-stage Dockerfile (parse included), in milliseconds per file; {@code lintWholeCorpus} lints all corpus
 * Dockerfiles (system property {@code jbuild.corpus.dir}, default {@code ../shared/corpus}, else
 * {@code ../../shared/corpus}).
 */
@State(Scope.Benchmark)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LintBenchmark {

    private String thousandLines;
    private List<String> corpus;

    @Setup(Level.Trial)
    public void load() throws IOException {
        thousandLines = dockerfile(1000);
        Path root = Path.of(System.getProperty("jbuild.corpus.dir", "../shared/corpus"));
        if (!Files.isDirectory(root) && System.getProperty("jbuild.corpus.dir") == null) {
            root = Path.of("../../shared/corpus"); // run from bench/ of a checkout that has shared/ beside it
        }
        try (Stream<Path> s = Files.walk(root)) {
            corpus = s.filter(p -> p.getFileName().toString().equals("Dockerfile")).sorted().map(LintBenchmark::read).toList();
        }
    }

    private static String read(Path p) {
        try {
            return DockerfileParser.decode(Files.readAllBytes(p));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** At least {@code lines} lines of realistic stages: ARG, ENV, multi-line RUN, heredoc RUN, COPY, LABEL, CMD. */
    static String dockerfile(int lines) {
        StringBuilder b = new StringBuilder("# syntax=docker/dockerfile:1\nARG VERSION=1.0\n");
        for (int stage = 0; b.chars().filter(c -> c == '\n').count() < lines; stage++) {
            b.append("FROM debian:12 AS stage").append(stage).append('\n')
                    .append("ARG VERSION\nENV APP_HOME=/opt/app PATH=/opt/app/bin:$PATH\nWORKDIR $APP_HOME\n")
                    .append("RUN apt-get update \\\n && apt-get install -y --no-install-recommends curl=7.88 \\\n")
                    .append(" && curl -fsSL https://example.com/x.tgz | tar -xz -C /opt \\\n")
                    .append(" && rm -rf /var/lib/apt/lists/*\n")
                    .append("COPY --chown=1000:1000 src/ $APP_HOME/src/\n")
                    .append("RUN <<EOF\nset -eux\nfor f in a b c; do echo $f; done\npip install --no-cache-dir flask==3.0.0\nEOF\n")
                    .append("LABEL org.opencontainers.image.version=$VERSION\nEXPOSE 8080/tcp\nUSER 1000\n")
                    .append("HEALTHCHECK CMD [\"curl\", \"-f\", \"http://localhost:8080/\"]\nCMD [\"app\"]\n\n");
        }
        return b.toString();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public List<LintDiagnostic> lintThousandLines() {
        return Linter.standard().lint(thousandLines, LintOptions.defaults());
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void lintWholeCorpus(Blackhole bh) {
        for (String f : corpus) {
            bh.consume(Linter.standard().lint(f, LintOptions.defaults()));
        }
    }
}
