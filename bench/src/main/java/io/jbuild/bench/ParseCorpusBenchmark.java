package io.jbuild.bench;

import io.jbuild.grammar.parser.DockerfileParser;
import io.jbuild.grammar.parser.ParseResult;
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
 * Parses every Dockerfile of the shared corpus (read once into memory, so the figure is parsing alone).
 * {@code parseWholeCorpus} reports corpora per second; {@code filesPerSecond} the same work per file.
 * Corpus location: system property {@code jbuild.corpus.dir}, default {@code ../shared/corpus}.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ParseCorpusBenchmark {

    private List<String> files;

    @Setup(Level.Trial)
    public void load() throws IOException {
        Path root = Path.of(System.getProperty("jbuild.corpus.dir", "../shared/corpus"));
        try (Stream<Path> s = Files.walk(root)) {
            List<Path> paths = s.filter(p -> p.getFileName().toString().equals("Dockerfile")).sorted().toList();
            files = paths.stream().map(ParseCorpusBenchmark::read).toList();
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no Dockerfiles under " + root.toAbsolutePath());
        }
    }

    private static String read(Path p) {
        try {
            return DockerfileParser.decode(Files.readAllBytes(p));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One operation = the whole corpus; the score's inverse is the time for all files. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void parseWholeCorpus(Blackhole bh) {
        for (String text : files) {
            ParseResult r = DockerfileParser.parse(text);
            bh.consume(r);
        }
    }

    /** Files per second, each operation one file in turn. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public ParseResult filesPerSecond(Cursor cursor) {
        return DockerfileParser.parse(files.get(cursor.next(files.size())));
    }

    /** Walks the corpus round-robin, one per thread. */
    @State(Scope.Thread)
    public static class Cursor {
        private int i;

        int next(int size) {
            i = (i + 1) % size;
            return i;
        }
    }
}
