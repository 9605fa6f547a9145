package io.jbuild.core.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbuild.core.container.ports.PortMapping;
import io.jbuild.core.container.ports.PortSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pieces of containers that need no runtime: -p values, docker's durations, names, conmon's log format. */
class ContainerPartsTest {

    @TempDir
    Path tmp;

    @Test
    void portMappingsAsDockerReadsAndShowsThem() {
        assertThat(PortSpec.parse("127.0.0.1:5000:80")).containsExactly(new PortMapping("127.0.0.1", 5000, 80, "tcp"));
        assertThat(PortSpec.parse("127.0.0.1:5000:80").get(0).toString()).isEqualTo("127.0.0.1:5000->80/tcp");
        assertThat(PortSpec.parse("8080:80/udp")).containsExactly(new PortMapping("0.0.0.0", 8080, 80, "udp"));
        assertThat(PortSpec.parse("80")).containsExactly(new PortMapping("0.0.0.0", 0, 80, "tcp"));
        assertThat(PortSpec.parse("80").get(0).key()).isEqualTo("80/tcp");
        assertThat(PortSpec.parse("8000-8010:80").get(0).hostPortText()).isEqualTo("8000-8010");
        assertThatThrownBy(() -> PortSpec.parse("5000:http")).hasMessage("Invalid containerPort: http");
        assertThatThrownBy(() -> PortSpec.parse("5000:70000")).hasMessage("Invalid containerPort: 70000");
        assertThatThrownBy(() -> PortSpec.parse("5000:80/icmp")).hasMessage("Invalid proto: icmp");
    }

    @Test
    void generatedNamesAreUniqueAndValid() throws ContainerException {
        Set<String> taken = new HashSet<>();
        Random random = new Random(1);
        for (int i = 0; i < 2000; i++) {
            String name = Names.generate(taken, random);
            assertThat(name).matches("[a-z]+_[a-z]+[0-9]*");
            Names.check(name);
            assertThat(taken.add(name)).isTrue();
        }
        assertThatThrownBy(() -> Names.check("/bad name")).hasMessage(
                "Invalid container name (/bad name), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
    }

    @Test
    void conmonsLogReadWithStreamsApartPartialLinesAndTail() throws Exception {
        Path log = tmp.resolve("ctr.log");
        Files.writeString(log, """
                2026-01-01T00:00:00.000000001+00:00 stdout F one
                2026-01-01T00:00:00.000000002+00:00 stderr F bad ünïcode
                2026-01-01T00:00:00.000000003+00:00 stdout P no new
                2026-01-01T00:00:00.000000004+00:00 stdout F line
                2026-01-01T00:00:00.000000005+00:00 stdout F\s
                """, StandardCharsets.UTF_8);
        assertThat(read(log, -1)).containsExactly("out:one", "err:bad ünïcode", "out:no new|", "out:line",
                "out:");
        assertThat(read(log, 2)).containsExactly("out:line", "out:");
        assertThat(read(log, 0)).isEmpty();
        assertThat(read(tmp.resolve("none.log"), -1)).isEmpty();
    }

    private static List<String> read(Path log, int tail) throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>();
        ContainerLog.read(log, tail, false, () -> true,
                (stderr, time, text, partial) -> lines.add((stderr ? "err:" : "out:") + text + (partial ? "|" : "")));
        return lines;
    }
}
