package io.jbuild.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class RunMountTest {

    /** One test per line of {@code testdata/exec/run-mounts.txt}. */
    @TestFactory
    Stream<DynamicTest> casesFromTestdata() throws IOException {
        String dir = System.getProperty("jbuild.testdata.dir");
        Path file = (dir != null ? Path.of(dir) : Path.of("../testdata")).resolve("exec/run-mounts.txt");
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

    @Test
    void cacheMountsDefaultToTheirTargetAsIdAndSharedSharing() {
        ContainerMount m = RunMount.parse("type=cache,target=/root/m2/../.m2/").toContainerMount("/", null);
        assertThat(m).isEqualTo(new ContainerMount.Cache("/root/.m2", "/root/.m2", ContainerMount.Sharing.SHARED,
                false, 0755, 0, 0));
        // BuildKit cleans the target as written: a relative target gives a relative id.
        assertThat(RunMount.parse("type=cache,target=m2/../.m2/").toContainerMount("/root", null))
                .isEqualTo(new ContainerMount.Cache("/root/.m2", ".m2", ContainerMount.Sharing.SHARED, false, 0755, 0,
                        0));
        assertThat(RunMount.parse("type=cache,target=/x,id=m2,sharing=locked,mode=700,uid=1,gid=2")
                .toContainerMount("/", null))
                .isEqualTo(new ContainerMount.Cache("/x", "m2", ContainerMount.Sharing.LOCKED, false, 0700, 1, 2));
    }

    @Test
    void secretsGoToRunSecretsByDefaultReadableByRootOnly() {
        Path file = Path.of("/host/token");
        assertThat(RunMount.parse("type=secret,id=token").toContainerMount("/", file))
                .isEqualTo(new ContainerMount.Secret("/run/secrets/token", file, 0400, 0, 0));
        RunMount byTarget = RunMount.parse("type=secret,target=/root/.npmrc");
        assertThat(byTarget.secretId()).isEqualTo(".npmrc");
        assertThat(byTarget.toContainerMount("/", file).target()).isEqualTo("/root/.npmrc");
        RunMount envOnly = RunMount.parse("type=secret,id=key,env=API_KEY");
        assertThat(envOnly.secretTarget()).isNull();
        assertThat(RunMount.parse("type=secret,id=key,env=API_KEY,target=/k").secretTarget()).isEqualTo("/k");
    }

    @Test
    void relativeTargetsAreBelowTheWorkingDirectory() {
        assertThat(RunMount.parse("type=tmpfs,target=scratch").toContainerMount("/work", null))
                .isEqualTo(new ContainerMount.Tmpfs("/work/scratch", 0));
        assertThat(RunMount.parse("target=src").toContainerMount("/app", Path.of("/ctx")))
                .isEqualTo(new ContainerMount.Bind("/app/src", Path.of("/ctx"), true));
        assertThatThrownBy(() -> RunMount.parse("type=tmpfs,target=..").toContainerMount("/", null))
                .hasMessage("invalid mount target \"..\"");
        assertThatThrownBy(() -> RunMount.parse("type=ssh").toContainerMount("/", null))
                .hasMessageContaining("type=ssh is not supported yet");
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
