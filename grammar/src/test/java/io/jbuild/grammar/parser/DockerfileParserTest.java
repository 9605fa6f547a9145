package io.jbuild.grammar.parser;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.grammar.ast.ArgDeclaration;
import io.jbuild.grammar.ast.CommandLine;
import io.jbuild.grammar.ast.HealthcheckSpec;
import io.jbuild.grammar.ast.Heredoc;
import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.ast.KeyValue;
import io.jbuild.grammar.source.Diagnostic;
import io.jbuild.grammar.source.Position;
import io.jbuild.grammar.source.SourceRange;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DockerfileParserTest {

    private static List<Instruction> instructions(String text) {
        ParseResult r = DockerfileParser.parse(text);
        assertThat(r.diagnostics()).as("diagnostics").isEmpty();
        return r.dockerfile().instructions();
    }

    private static <T extends Instruction> T only(String text, Class<T> type) {
        List<Instruction> all = instructions(text);
        assertThat(all).hasSize(1);
        assertThat(all.get(0)).isInstanceOf(type);
        return type.cast(all.get(0));
    }

    @Test
    void seedHelloExampleParsesIntoTypedInstructions() {
        String text = """
                # Dockerfile
                FROM ubuntu:18.04

                RUN apt-get update \\
                    && apt-get install -y \\
                        curl \\
                        python-dev

                WORKDIR /root
                COPY hello.py  .
                ENV my_ver 1.0

                CMD ["python", "hello.py", "guest"]
                """;
        List<Instruction> all = instructions(text);
        assertThat(all).extracting(Instruction::name)
                .containsExactly("FROM", "RUN", "WORKDIR", "COPY", "ENV", "CMD");
        Instruction.From from = (Instruction.From) all.get(0);
        assertThat(from.image()).isEqualTo("ubuntu:18.04");
        assertThat(from.meta().comments()).containsExactly("Dockerfile");
        assertThat(from.meta().range()).isEqualTo(SourceRange.of(2, 1, 2, 18));
        Instruction.Run run = (Instruction.Run) all.get(1);
        assertThat(run.command()).isEqualTo(new CommandLine.ShellForm(
                "apt-get update     && apt-get install -y         curl         python-dev"));
        assertThat(run.meta().range()).isEqualTo(SourceRange.of(4, 1, 7, 19));
        assertThat(run.meta().text()).isEqualTo(
                "RUN apt-get update \\\n    && apt-get install -y \\\n        curl \\\n        python-dev");
        Instruction.Copy copy = (Instruction.Copy) all.get(3);
        assertThat(copy.sources()).containsExactly("hello.py");
        assertThat(copy.destination()).isEqualTo(".");
        assertThat(((Instruction.Env) all.get(4)).variables()).containsExactly(new KeyValue("my_ver", "1.0", true));
        assertThat(((Instruction.Cmd) all.get(5)).command())
                .isEqualTo(new CommandLine.ExecForm(List.of("python", "hello.py", "guest")));
    }

    @Test
    void keywordsAreCaseInsensitive() {
        assertThat(instructions("from a\nRuN echo\nWorkDir /x\n")).extracting(Instruction::name)
                .containsExactly("FROM", "RUN", "WORKDIR");
    }

    @Test
    void invalidJsonFallsBackToShellFormButNonStringJsonIsAnError() {
        assertThat(only("CMD [\"a\", 'b']", Instruction.Cmd.class).command())
                .isEqualTo(new CommandLine.ShellForm("[\"a\", 'b']"));
        assertThat(only("CMD [\"a\"] extra", Instruction.Cmd.class).command())
                .isEqualTo(new CommandLine.ShellForm("[\"a\"] extra"));
        ParseResult bad = DockerfileParser.parse("FROM a\nCMD [\"a\", 1]\n");
        assertThat(bad.errors()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo(Diagnostic.SYNTAX);
            assertThat(d.message()).contains("arrays must be comprised of strings only");
            assertThat(d.range().start()).isEqualTo(new Position(2, 5));
        });
    }

    @Test
    void flagsAreTyped() {
        Instruction.Copy copy = only("COPY --from=build --chown=app:app --chmod=0755 --link --exclude=*.md "
                + "--exclude=x a b /dst/", Instruction.Copy.class);
        assertThat(copy.from()).contains("build");
        assertThat(copy.chown()).contains("app:app");
        assertThat(copy.chmod()).contains("0755");
        assertThat(copy.link()).isTrue();
        assertThat(copy.parents()).isFalse();
        assertThat(copy.excludes()).containsExactly("*.md", "x");
        assertThat(copy.sources()).containsExactly("a", "b");
        assertThat(copy.meta().flags().get(0).range()).isEqualTo(SourceRange.of(1, 6, 1, 18));

        Instruction.Run run = only("RUN --mount=type=cache,target=/root/.m2 --network=none mvn package",
                Instruction.Run.class);
        assertThat(run.mounts()).containsExactly("type=cache,target=/root/.m2");
        assertThat(run.network()).contains("none");

        Instruction.From from = only("FROM --platform=$BUILDPLATFORM golang:1.22 AS Build", Instruction.From.class);
        assertThat(from.platform()).contains("$BUILDPLATFORM");
        assertThat(from.stageName()).contains("build");
    }

    @Test
    void quotedFlagValuesLoseTheirQuotes() {
        Instruction.Copy copy = only("COPY --chown=\"a b\" x y", Instruction.Copy.class);
        assertThat(copy.chown()).contains("a b");
    }

    @Test
    void aQuoteLeftOpenInAFlagIsASyntaxErrorAndTheNextInstructionStillParses() {
        // The flag ends before the quote and the arguments start right after it, with no separator between.
        ParseResult r = DockerfileParser.parse("FROM a\nCOPY --chown=\"a b x y\nRUN echo ok\n");
        assertThat(r.errors()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo(Diagnostic.SYNTAX);
            assertThat(d.message()).isEqualTo("cannot read the flags of this instruction: a quote is left open");
            assertThat(d.range()).isEqualTo(SourceRange.of(2, 1, 2, 22));
        });
        assertThat(r.dockerfile().instructions()).extracting(Instruction::name).containsExactly("FROM", "RUN");
    }

    @Test
    void theArgumentsAreTheWholeRestOfTheLineAfterTheFlags() {
        Instruction.Run run = only("RUN --network=none -- --not-a-flag \"x  y\" 'z' --",
                Instruction.Run.class);
        assertThat(run.network()).contains("none");
        assertThat(run.command()).isEqualTo(new CommandLine.ShellForm("--not-a-flag \"x  y\" 'z' --"));
        Instruction.Run dash = only("RUN -x  --y", Instruction.Run.class);
        assertThat(dash.command()).isEqualTo(new CommandLine.ShellForm("-x  --y"));
    }

    @Test
    void unknownFlagIsAnInstructionErrorAtTheFlag() {
        ParseResult r = DockerfileParser.parse("FROM a\nCOPY --form=x a b\n");
        assertThat(r.hasSyntaxErrors()).isFalse();
        assertThat(r.errors()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo(Diagnostic.INSTRUCTION);
            assertThat(d.message()).isEqualTo("unknown flag: --form (did you mean --from?)");
            assertThat(d.range()).isEqualTo(SourceRange.of(2, 6, 2, 14));
        });
    }

    @Test
    void errorsDoNotStopTheRestOfTheFile() {
        ParseResult r = DockerfileParser.parse("FROM a\nENV ONLYKEY\nFOO bar\nRUN echo ok\nFROM\nWORKDIR /w\n");
        assertThat(r.errors()).extracting(Diagnostic::message).containsExactly(
                "ENV must have two arguments",
                "unknown instruction: FOO (did you mean FROM?)",
                "FROM requires either one or three arguments");
        assertThat(r.errors()).extracting(d -> d.range().start().line()).containsExactly(2, 3, 5);
        assertThat(r.dockerfile().instructions()).extracting(Instruction::name)
                .containsExactly("FROM", "RUN", "WORKDIR");
    }

    @Test
    void escapeDirectiveChangesContinuationAndIsRecorded() {
        ParseResult r = DockerfileParser.parse("# escape=`\nFROM windows\nRUN dir c:\\ `\n  /b\n");
        assertThat(r.diagnostics()).isEmpty();
        assertThat(r.dockerfile().escapeChar()).isEqualTo('`');
        assertThat(r.dockerfile().directive("escape")).hasValueSatisfying(d -> assertThat(d.value()).isEqualTo("`"));
        Instruction.Run run = (Instruction.Run) r.dockerfile().instructions().get(1);
        assertThat(run.command()).isEqualTo(new CommandLine.ShellForm("dir c:\\   /b"));
    }

    @Test
    void directivesCountOnlyAtTheTop() {
        ParseResult r = DockerfileParser.parse("FROM a\n# escape=`\nRUN a \\\n b\n");
        assertThat(r.dockerfile().directives()).isEmpty();
        assertThat(r.dockerfile().escapeChar()).isEqualTo('\\');
        ParseResult dup = DockerfileParser.parse("# syntax=a\n# syntax=b\nFROM a\n");
        assertThat(dup.errors()).extracting(Diagnostic::message)
                .containsExactly("only one syntax parser directive can be used");
        ParseResult badEscape = DockerfileParser.parse("# escape=x\nFROM a\n");
        assertThat(badEscape.errors()).singleElement()
                .satisfies(d -> assertThat(d.range().start().line()).isEqualTo(1));
        ParseResult check = DockerfileParser.parse("# check=skip=JSONArgsRecommended;error=true\nFROM a\n");
        assertThat(check.dockerfile().directive("check")).hasValueSatisfying(
                d -> assertThat(d.value()).isEqualTo("skip=JSONArgsRecommended;error=true"));
    }

    @Test
    void commentsAndBlankLinesInsideContinuations() {
        ParseResult r = DockerfileParser.parse("RUN a \\\n# comment\n  # indented comment\n    b \\\n\n c\n");
        assertThat(r.dockerfile().instructions()).singleElement().satisfies(i ->
                assertThat(((Instruction.Run) i).command()).isEqualTo(new CommandLine.ShellForm("a     b  c")));
        assertThat(r.diagnostics()).singleElement()
                .satisfies(d -> assertThat(d.code()).isEqualTo("NoEmptyContinuation"));
    }

    @Test
    void heredocsInRunWithSeveralPerLineAndQuotedDelimiters() {
        String text = "FROM a\nRUN <<EOF bash && cat <<-'END'\necho $HOME\nEOF\n\tliteral $X\n\tEND\nRUN echo after\n";
        ParseResult r = DockerfileParser.parse(text);
        assertThat(r.diagnostics()).isEmpty();
        Instruction.Run run = (Instruction.Run) r.dockerfile().instructions().get(1);
        assertThat(run.heredocs()).extracting(Heredoc::name).containsExactly("EOF", "END");
        Heredoc first = run.heredocs().get(0);
        assertThat(first.content()).isEqualTo("echo $HOME\n");
        assertThat(first.expand()).isTrue();
        assertThat(first.chomp()).isFalse();
        Heredoc second = run.heredocs().get(1);
        assertThat(second.expand()).isFalse();
        assertThat(second.chomp()).isTrue();
        assertThat(second.content()).isEqualTo("\tliteral $X\n");
        assertThat(second.effectiveContent()).isEqualTo("literal $X\n");
        assertThat(run.meta().range()).isEqualTo(SourceRange.of(2, 1, 6, 5));
        assertThat(r.dockerfile().instructions().get(2).meta().range().start().line()).isEqualTo(7);
    }

    @Test
    void copyHeredocBecomesAnInlineSource() {
        Instruction.Copy copy = only("COPY <<EOF /etc/app.conf\nkey=value\nEOF\n", Instruction.Copy.class);
        assertThat(copy.sources()).isEmpty();
        assertThat(copy.inlineSources()).singleElement().satisfies(h -> {
            assertThat(h.name()).isEqualTo("EOF");
            assertThat(h.content()).isEqualTo("key=value\n");
        });
        assertThat(copy.destination()).isEqualTo("/etc/app.conf");
    }

    @Test
    void unterminatedHeredocIsAnErrorNamingTheInstruction() {
        ParseResult r = DockerfileParser.parse("FROM a\nRUN <<EOF\necho\n");
        assertThat(r.errors()).singleElement().satisfies(d -> {
            assertThat(d.message()).startsWith("unterminated heredoc EOF");
            assertThat(d.range().start()).isEqualTo(new Position(2, 1));
        });
    }

    @Test
    void execFormRunHasNoHeredocs() {
        Instruction.Run run = only("RUN [\"cat\", \"<<EOF\"]", Instruction.Run.class);
        assertThat(run.heredocs()).isEmpty();
        assertThat(run.command()).isEqualTo(new CommandLine.ExecForm(List.of("cat", "<<EOF")));
    }

    @Test
    void onbuildWrapsAnotherInstructionIncludingHeredocs() {
        List<Instruction> all = instructions("ONBUILD COPY --from=x a b\nONBUILD RUN <<EOF\necho\nEOF\n");
        Instruction.Onbuild first = (Instruction.Onbuild) all.get(0);
        assertThat(first.trigger()).isInstanceOfSatisfying(Instruction.Copy.class,
                c -> assertThat(c.from()).contains("x"));
        Instruction.Onbuild second = (Instruction.Onbuild) all.get(1);
        assertThat(second.trigger()).isInstanceOfSatisfying(Instruction.Run.class,
                r -> assertThat(r.heredocs()).singleElement().satisfies(h -> assertThat(h.content()).isEqualTo("echo\n")));
        ParseResult chained = DockerfileParser.parse("ONBUILD ONBUILD RUN x\n");
        assertThat(chained.errors()).extracting(Diagnostic::message)
                .containsExactly("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
    }

    @Test
    void envLabelArgForms() {
        Instruction.Env env = only("ENV A=1 B=\"two words\" C=", Instruction.Env.class);
        assertThat(env.variables()).containsExactly(new KeyValue("A", "1", false),
                new KeyValue("B", "\"two words\"", false), new KeyValue("C", "", false));
        Instruction.Label label = only("LABEL org.opencontainers.image.title=\"x y\" version=1", Instruction.Label.class);
        assertThat(label.labels()).extracting(KeyValue::key).containsExactly("org.opencontainers.image.title", "version");
        Instruction.Arg arg = only("ARG my_ver=1.0 other", Instruction.Arg.class);
        assertThat(arg.declarations()).containsExactly(new ArgDeclaration("my_ver", Optional.of("1.0")),
                new ArgDeclaration("other", Optional.empty()));
    }

    @Test
    void healthcheckForms() {
        Instruction.Healthcheck hc = only("HEALTHCHECK --interval=1m30s --timeout=3s --retries=3 CMD curl -f http://x/",
                Instruction.Healthcheck.class);
        assertThat(hc.spec()).isInstanceOfSatisfying(HealthcheckSpec.Check.class, c -> {
            assertThat(c.command()).isEqualTo(new CommandLine.ShellForm("curl -f http://x/"));
            assertThat(c.interval()).contains(Duration.ofSeconds(90));
            assertThat(c.timeout()).contains(Duration.ofSeconds(3));
            assertThat(c.retries()).contains(3);
            assertThat(c.startPeriod()).isEmpty();
        });
        assertThat(only("HEALTHCHECK NONE", Instruction.Healthcheck.class).spec()).isInstanceOf(HealthcheckSpec.None.class);
        assertThat(DockerfileParser.parse("HEALTHCHECK --interval=1ns CMD x").errors()).extracting(Diagnostic::message)
                .containsExactly("Interval \"interval\" cannot be less than 1ms");
        assertThat(DockerfileParser.parse("HEALTHCHECK --retries=-1 CMD x").errors()).extracting(Diagnostic::message)
                .containsExactly("--retries cannot be negative (-1)");
        assertThat(DockerfileParser.parse("HEALTHCHECK PING x").errors()).extracting(Diagnostic::message)
                .containsExactly("Unknown type \"PING\" in HEALTHCHECK (try CMD)");
    }

    @Test
    void shellMustBeJson() {
        assertThat(only("SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]", Instruction.Shell.class).shell())
                .containsExactly("/bin/bash", "-o", "pipefail", "-c");
        assertThat(DockerfileParser.parse("SHELL /bin/bash -c").errors()).extracting(Diagnostic::message)
                .containsExactly("SHELL requires the arguments to be in JSON form");
    }

    @Test
    void emptyAndCommentOnlyFilesHaveNoInstructions() {
        assertThat(DockerfileParser.parse("").errors()).extracting(Diagnostic::message)
                .containsExactly("file with no instructions");
        assertThat(DockerfileParser.parse("# only\n\n# comments\n").errors()).hasSize(1);
    }

    @Test
    void byteOrderMarkAndCrlfAreAccepted() {
        List<Instruction> all = instructions("\uFEFFFROM a\r\nRUN echo \\\r\n  b\r\n");
        assertThat(((Instruction.Run) all.get(1)).command()).isEqualTo(new CommandLine.ShellForm("echo   b"));
    }

    @Test
    void columnsPointIntoContinuationLines() {
        ParseResult r = DockerfileParser.parse("FROM a\nCOPY \\\n    --bogus=1 a b\n");
        assertThat(r.errors()).singleElement().satisfies(d -> assertThat(d.range()).isEqualTo(SourceRange.of(3, 5, 3, 14)));
    }

    @Test
    void backtickEscapeInFlagsAndWords() {
        ParseResult r = DockerfileParser.parse("# escape=`\nFROM a\nCOPY --chown=a` b c:\\src d\nENV P=c:\\x`\n  Q=y\n");
        assertThat(r.diagnostics()).isEmpty();
        Instruction.Copy copy = (Instruction.Copy) r.dockerfile().instructions().get(1);
        assertThat(copy.chown()).contains("a b");
        assertThat(copy.sources()).containsExactly("c:\\src");
        Instruction.Env env = (Instruction.Env) r.dockerfile().instructions().get(2);
        assertThat(env.variables()).containsExactly(new KeyValue("P", "c:\\x", false), new KeyValue("Q", "y", false));
    }
}
