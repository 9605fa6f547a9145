package io.jbuild.grammar.ast;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.grammar.parser.DockerfileParser;
import io.jbuild.grammar.parser.ParseResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which words each instruction expands, named once in its record: the build plan expands exactly these and the
 * linter's UndefinedVar looks for undefined variables in exactly these. Each word is recorded as {@code kind:word}.
 */
class InstructionExpandTest {

    /** Records each word it is given and returns it marked, so the result shows where each went. */
    private static final class Recorder implements WordExpansion<RuntimeException> {
        final List<String> seen = new ArrayList<>();

        @Override
        public String word(String word) {
            seen.add("word:" + word);
            return "<" + word + ">";
        }

        @Override
        public List<String> words(String word) {
            seen.add("words:" + word);
            return List.of("<" + word + ">", "<more>");
        }

        @Override
        public String heredoc(String body) {
            seen.add("heredoc:" + body);
            return "<" + body + ">";
        }
    }

    private static List<String> expanded(String line) {
        ParseResult parsed = DockerfileParser.parse("FROM scratch\n" + line + "\n");
        assertThat(parsed.errors()).as(line).isEmpty();
        Recorder r = new Recorder();
        parsed.dockerfile().instructions().get(1).expand(r);
        return r.seen;
    }

    @Test
    void eachInstructionExpandsTheWordsBuildKitExpands() {
        assertThat(expanded("ENV $K=$V")).containsExactly("word:$K", "word:$V");
        assertThat(expanded("LABEL $K=$V")).containsExactly("word:$K", "word:$V");
        assertThat(expanded("ARG A=$X B")).containsExactly("word:$X");
        assertThat(expanded("WORKDIR $W")).containsExactly("word:$W");
        assertThat(expanded("USER $U")).containsExactly("word:$U");
        assertThat(expanded("VOLUME $A $B")).containsExactly("word:$A", "word:$B");
        assertThat(expanded("STOPSIGNAL $S")).containsExactly("word:$S");
        assertThat(expanded("EXPOSE $P")).containsExactly("words:$P");
        assertThat(expanded("RUN --mount=target=$T --network=$N echo $X")).containsExactly("word:target=$T");
        assertThat(expanded("COPY --from=s --chown=$O --chmod=$M --exclude=$E $S1 $S2 $D"))
                .containsExactly("word:$S1", "word:$S2", "word:$D", "word:$O", "word:$M");
        assertThat(expanded("ADD --checksum=$C --chown=$O $URL $D"))
                .containsExactly("word:$URL", "word:$D", "word:$O", "word:$C");
        assertThat(expanded("COPY <<EOF <<'RAW' /d/\n$X\nEOF\n$Y\nRAW")).containsExactly("heredoc:$X\n", "word:/d/");
        for (String as : List.of("CMD echo $X", "ENTRYPOINT [\"$X\"]", "SHELL [\"$X\"]", "HEALTHCHECK CMD $X",
                "ONBUILD RUN $X", "MAINTAINER $X", "RUN <<EOF\n$X\nEOF")) {
            assertThat(expanded(as)).as(as).isEmpty();
        }
    }

    @Test
    void theExpandedInstructionCarriesTheResults() {
        ParseResult parsed = DockerfileParser.parse("FROM scratch\nCOPY --from=s $A <<EOF $D\n$X\nEOF\nEXPOSE $P\n");
        Instruction.Copy copy = (Instruction.Copy) parsed.dockerfile().instructions().get(1).expand(new Recorder());
        assertThat(copy.sources()).containsExactly("<$A>");
        assertThat(copy.destination()).isEqualTo("<$D>");
        assertThat(copy.from()).contains("s");
        assertThat(copy.inlineSources()).singleElement().satisfies(h -> assertThat(h.content()).isEqualTo("<$X\n>"));
        Instruction.Expose expose = (Instruction.Expose) parsed.dockerfile().instructions().get(2)
                .expand(new Recorder());
        assertThat(expose.ports()).containsExactly("<$P>", "<more>");
    }
}
