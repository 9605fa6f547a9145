package io.jbuild.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.grammar.lint.LintConfig;
import io.jbuild.grammar.lint.LintDiagnostic;
import io.jbuild.grammar.lint.LintOptions;
import io.jbuild.grammar.lint.Linter;
import io.jbuild.grammar.parser.DockerfileParser;
import io.jbuild.grammar.parser.ParseResult;
import io.jbuild.grammar.source.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The rules on two threads find exactly what the linter finds, in its order. */
class SplitLinterTest {

    private static final String[] PIECES = {"FROM ", "debian", " AS ", "build", "\n", "\r\n", "RUN ", "apt-get install -y curl",
        " \\\n", "\\", "\"", "'", "${", "}", "$A", "ARG A=1", "ENV B=$A", "COPY --from=build /a /b", "<<EOF\nx\nEOF\n",
        "# hadolint ignore=DL3008\n", "# hadolint global ignore=DL3003\n", "# check=skip=all\n", "# check=error=true\n",
        "# check=skip=UndefinedVar;error=true\n", "😀", "é", "\t", "--mount=type=cache,target=/c ", "ONBUILD ",
        "HEALTHCHECK --interval=5s CMD true", "CMD [\"a\", ", "]", "# escape=`\n", "`\n", "run ", "from ", "AS ",
        "cd /x && make", "sudo ", "apt-get update", "WORKDIR rel", "EXPOSE 80/TCP", "MAINTAINER x", "ARG SECRET_TOKEN=x\n",
        "FROM scratch\n", "USER root\n", "LABEL a=b\n", "ADD http://x/y /z\n", "pip install flask\n"};

    private final SplitLinter split = new SplitLinter();

    @Test
    void theRepositorysDockerfilesGetTheLintersFindings() throws IOException {
        Path testdata = Path.of("..", "testdata");
        List<Path> files;
        try (Stream<Path> s = Files.walk(testdata)) {
            files = s.filter(p -> p.getFileName().toString().contains("ockerfile") && Files.isRegularFile(p)).toList();
        }
        assertThat(files).hasSizeGreaterThan(50);
        int withFindings = 0;
        for (Path f : files) {
            String text = DockerfileParser.decode(Files.readAllBytes(f));
            List<LintDiagnostic> expected = same(text, LintOptions.defaults());
            withFindings += expected.isEmpty() ? 0 : 1;
        }
        assertThat(withFindings).isGreaterThan(20);
    }

    @Test
    void randomTextGetsTheLintersFindings() {
        Random random = new Random(7);
        // experimental rules on, a severity changed, a rule ignored
        LintOptions configured = LintOptions.defaults().withConfig(LintConfig.defaults().withExperimental(Set.of("all"))
                .withOverride("DL3003", Severity.ERROR).withIgnored(Set.of("DL3008")));
        for (int round = 0; round < 400; round++) {
            StringBuilder b = new StringBuilder();
            int n = 1 + random.nextInt(60);
            for (int i = 0; i < n; i++) {
                b.append(PIECES[random.nextInt(PIECES.length)]);
            }
            same(b.toString(), round % 2 == 0 ? LintOptions.defaults() : configured);
        }
    }

    private List<LintDiagnostic> same(String text, LintOptions options) {
        ParseResult parse = DockerfileParser.parse(text);
        List<LintDiagnostic> expected = Linter.standard().lint(text, parse, options);
        assertThat(split.lint(text, parse, options)).as("%s", text).isEqualTo(expected);
        return expected;
    }
}
