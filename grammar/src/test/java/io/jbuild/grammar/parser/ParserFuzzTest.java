package io.jbuild.grammar.parser;

import io.jbuild.grammar.gotext.GoText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.jbuild.grammar.TestDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random, truncated and mutated Dockerfiles: the parser never throws and never takes long.
 * The seed is fixed so that a failure can be replayed; the failing input is printed.
 */
class ParserFuzzTest {

    private static final int ROUNDS = 6000;
    private static final long MAX_MILLIS_PER_FILE = 2000;
    private static final String[] FRAGMENTS = {
        "\\", "`", "\\\n", "`\n", "\n", "\r\n", " ", "\t", "#", "# escape=`\n", "# escape=\\\n", "# syntax=x\n",
        "<<EOF", "<<-EOF", "<<'EOF'", "\"", "'", "[", "]", "[\"a\"", "{", "}", ",", "--", "--from=", "=", "$",
        "${", "}", "RUN ", "ONBUILD ", "COPY ", "ENV ", "HEALTHCHECK ", "CMD ", "FROM ", "ARG ", "EOF\n", "\u00a0",
        "\u0085", "\uFEFF", "\u0000", "é", "\uD83D\uDE00", "\uD800"
    };

    @Test
    void mutatedInputsNeverThrowOrHang() throws IOException {
        List<String> seeds = seeds();
        Random random = new Random(20261128L);
        for (int round = 0; round < ROUNDS; round++) {
            String base = seeds.get(random.nextInt(seeds.size()));
            String input = mutate(base, random);
            long start = System.nanoTime();
            try {
                ParseResult result = DockerfileParser.parse(input);
                assertThat(result.diagnostics()).allSatisfy(d -> assertThat(d.message()).isNotBlank());
            } catch (RuntimeException | StackOverflowError e) {
                fail("round " + round + " threw on input " + escape(input), e);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (millis > MAX_MILLIS_PER_FILE) {
                fail("round " + round + " took " + millis + " ms on input " + escape(input));
            }
        }
    }

    @Test
    void pathologicalInputsStayBounded() {
        List<String> inputs = List.of(
                "CMD " + "[".repeat(100_000),
                "CMD " + "[".repeat(5000) + "]".repeat(5000),
                "RUN " + "\\\n".repeat(50_000) + "x",
                "FROM a\n" + "ONBUILD ".repeat(10_000) + "RUN x",
                "RUN <<EOF\n" + "x\n".repeat(100_000),
                "ENV " + "a=\"".repeat(20_000),
                "COPY " + "--f=\"".repeat(20_000) + " a b",
                "# escape=`\n".repeat(1000) + "FROM a",
                "\\".repeat(100_000));
        for (String input : inputs) {
            long start = System.nanoTime();
            ParseResult result = DockerfileParser.parse(input);
            assertThat(result).isNotNull();
            assertThat((System.nanoTime() - start) / 1_000_000).as("millis for %s", escape(input)).isLessThan(10_000);
        }
    }

    private static String mutate(String base, Random random) {
        StringBuilder s = new StringBuilder(base);
        int edits = 1 + random.nextInt(8);
        for (int i = 0; i < edits; i++) {
            int at = s.length() == 0 ? 0 : random.nextInt(s.length() + 1);
            switch (random.nextInt(6)) {
                case 0 -> s.setLength(at); // truncate
                case 1 -> s.insert(at, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                case 2 -> {
                    if (s.length() > 0) {
                        int end = Math.min(s.length(), at + random.nextInt(20));
                        s.delete(Math.min(at, s.length()), end);
                    }
                }
                case 3 -> s.insert(at, (char) random.nextInt(0x3000));
                case 4 -> {
                    if (s.length() > 0) {
                        int from = random.nextInt(s.length());
                        int len = Math.min(s.length() - from, random.nextInt(40));
                        s.insert(at, s.substring(from, from + len));
                    }
                }
                default -> s.insert(at, "\n" + FRAGMENTS[random.nextInt(FRAGMENTS.length)] + " x y\n");
            }
        }
        return s.toString();
    }

    private static List<String> seeds() throws IOException {
        List<String> seeds = new ArrayList<>();
        for (Path root : List.of(TestDirs.conformance(), TestDirs.corpus())) {
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : s.filter(p -> p.getFileName().toString().equals("Dockerfile")).sorted().toList()) {
                    seeds.add(DockerfileParser.decode(Files.readAllBytes(p)));
                }
            }
        }
        seeds.add("FROM a\nRUN <<EOF cat\nhello\nEOF\nCOPY <<-\"X\" /y\n\tbody\nX\n");
        assertThat(seeds).hasSizeGreaterThan(50);
        return seeds;
    }

    private static String escape(String s) {
        String cut = s.length() > 400 ? s.substring(0, 400) + "...(" + s.length() + " chars)" : s;
        return GoText.quote(cut);
    }
}
