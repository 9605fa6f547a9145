package io.jbuild.grammar.ast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbuild.grammar.TestDirs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class RunMountTest {

    /** One test per line of {@code testdata/exec/run-mounts.txt}. */
    @TestFactory
    Stream<DynamicTest> casesFromTestdata() throws IOException {
        Path file = TestDirs.testdata().resolve("exec/run-mounts.txt");
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\t", 2);
            tests.add(DynamicTest.dynamicTest(parts[0], () -> {
                if (parts[1].startsWith("error: ")) {
                    assertThatThrownBy(() -> RunMount.parse(parts[0]))
                            .isInstanceOf(IllegalArgumentException.class)
                            .hasMessage(parts[1].substring("error: ".length()));
                } else {
                    assertThat(describe(RunMount.parse(parts[0]))).isEqualTo(parts[1]);
                }
            }));
        }
        assertThat(tests).hasSizeGreaterThan(30);
        return tests.stream();
    }

    /**
     * What the planner reads of a flag before expansion (the stage it mounts, the target its messages name) and what
     * the linter reads (the type) are the parser's values: keys in any case, a repeated key's last value, the
     * target's aliases, CSV quoting. (The planner once took a repeated key's first value and the linter matched
     * {@code from=} in lower case only, split at every comma.)
     */
    @Test
    void readersOfTheFlagAsWrittenAgreeWithTheParser() {
        for (String spec : List.of("FROM=builder,target=/x", "from=a,from=b,target=/x", "type=bind,Dst=/d,from=s",
                "\"target=/a,from=b\",from=s", "TYPE=Cache,DESTINATION=/c,target=/t", "type=tmpfs,dst=/t")) {
            RunMount m = RunMount.parse(spec);
            assertThat(RunMount.from(spec)).as(spec).isEqualTo(Optional.ofNullable(m.from()));
            assertThat(RunMount.target(spec)).as(spec).isEqualTo(Optional.ofNullable(m.target()));
            assertThat(RunMount.type(spec)).as(spec).isEqualTo(m.type().word());
        }
        assertThat(RunMount.from("\"from=a,target=/x")).isEmpty(); // the step reports the bad CSV
    }

    /** The fields that differ from the defaults, in record order. */
    private static String describe(RunMount m) {
        StringBuilder b = new StringBuilder("type=" + m.type().name().toLowerCase());
        if (m.target() != null) {
            b.append(" target=").append(m.target());
        }
        if (m.source() != null) {
            b.append(" source=").append(m.source());
        }
        if (m.from() != null) {
            b.append(" from=").append(m.from());
        }
        if (m.id() != null) {
            b.append(" id=").append(m.id());
        }
        if (m.sharing() != null) {
            b.append(" sharing=").append(m.sharing());
        }
        b.append(m.readOnly() ? " ro" : " rw");
        if (m.sizeBytes() != 0) {
            b.append(" size=").append(m.sizeBytes());
        }
        if (m.mode() != null) {
            b.append(" mode=0").append(Integer.toOctalString(m.mode()));
        }
        if (m.uid() != null) {
            b.append(" uid=").append(m.uid());
        }
        if (m.gid() != null) {
            b.append(" gid=").append(m.gid());
        }
        if (m.required()) {
            b.append(" required");
        }
        if (m.env() != null) {
            b.append(" env=").append(m.env());
        }
        return b.toString();
    }
}
