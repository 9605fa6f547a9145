package io.jbuild.core.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbuild.core.container.ports.PortMapping;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** record.json and state.json: the same bytes as the ObjectMapper of earlier versions wrote, read back whole. */
class StateJsonTest {

    // As written by the ObjectMapper jbuild used before (a store made by it must still be read, and look the same)
    private static final String RECORD = "{\"id\":\"9665bd9db39fe4287619092e68b723ca0fd1fa3492184e6b5e1e624476e5ca00\","
            + "\"name\":\"noble_yalow\",\"image\":\"127.0.0.1:5000/busybox\",\"imageId\":\"sha256:f3c4\","
            + "\"layers\":[\"sha256:325b\"],\"args\":[\"sh\",\"-c\",\"echo \\\"hi\\\"\"],"
            + "\"env\":[\"PATH=/usr/bin:/bin\"],\"user\":\"\",\"workdir\":\"/\",\"stopSignal\":\"SIGTERM\","
            + "\"created\":\"2026-12-06T18:51:51.114100001Z\",\"network\":\"private\","
            + "\"mounts\":[{\"source\":\"/srv/www\",\"destination\":\"/www\",\"readOnly\":true}],"
            + "\"ports\":[\"127.0.0.1:5000:80\"],\"securityOpt\":[\"seccomp=unconfined\"],\"autoRemove\":true,"
            + "\"entrypoint\":null,\"cmd\":[\"sh\",\"-c\",\"echo \\\"hi\\\"\"],\"interactive\":false,\"tty\":true}";
    private static final String STATE = "{\"status\":\"running\",\"exitCode\":0,"
            + "\"startedAt\":\"2026-12-06T18:51:52.735903438Z\",\"finishedAt\":\"\",\"pid\":5511,"
            + "\"pidStart\":1796583112170,\"conmonPid\":5495,\"ports\":[{\"hostIp\":\"127.0.0.1\",\"hostPort\":5000,"
            + "\"hostPortEnd\":5000,\"containerPort\":80,\"protocol\":\"tcp\"}],\"error\":\"\"}";

    @Test
    void recordReadsAndWritesAsBefore() throws Exception {
        ContainerRecord r = StateJson.record(RECORD.getBytes(StandardCharsets.UTF_8));
        assertThat(r).isEqualTo(new ContainerRecord("9665bd9db39fe4287619092e68b723ca0fd1fa3492184e6b5e1e624476e5ca00",
                "noble_yalow", "127.0.0.1:5000/busybox", "sha256:f3c4", List.of("sha256:325b"),
                List.of("sh", "-c", "echo \"hi\""), List.of("PATH=/usr/bin:/bin"), "", "/", "SIGTERM",
                "2026-12-06T18:51:51.114100001Z", "private", List.of(new ContainerRecord.Bind("/srv/www", "/www", true)),
                List.of("127.0.0.1:5000:80"), List.of("seccomp=unconfined"), true, null, List.of("sh", "-c", "echo \"hi\""),
                false, true, null));
        assertThat(new String(StateJson.write(r), StandardCharsets.UTF_8)).isEqualTo(RECORD);
    }

    @Test
    void exposedPortsAreKeptWhenRecorded() throws Exception {
        ContainerRecord old = StateJson.record(RECORD.getBytes(StandardCharsets.UTF_8));
        assertThat(old.exposedPorts()).isNull(); // a record of before: ps reads the image's
        String withPorts = RECORD.substring(0, RECORD.length() - 1) + ",\"exposedPorts\":[\"443/tcp\",\"80/tcp\"]}";
        ContainerRecord r = StateJson.record(withPorts.getBytes(StandardCharsets.UTF_8));
        assertThat(r.exposedPorts()).containsExactly("443/tcp", "80/tcp");
        assertThat(new String(StateJson.write(r), StandardCharsets.UTF_8)).isEqualTo(withPorts);
    }

    @Test
    void stateReadsAndWritesAsBefore() throws Exception {
        ContainerState s = StateJson.state(STATE.getBytes(StandardCharsets.UTF_8));
        assertThat(s).isEqualTo(new ContainerState("running", 0, "2026-12-06T18:51:52.735903438Z", "", 5511,
                1796583112170L, 5495, List.of(new PortMapping("127.0.0.1", 5000, 80, "tcp")), ""));
        assertThat(new String(StateJson.write(s), StandardCharsets.UTF_8)).isEqualTo(STATE);
        ContainerState exited = new ContainerState("exited", 137, "a", "b", 0, 0, 0, List.of(), "no such file");
        assertThat(StateJson.state(StateJson.write(exited))).isEqualTo(exited);
    }

    @Test
    void unknownFieldsAreSkippedAndMissingOnesEmpty() throws Exception {
        ContainerState s = StateJson.state("{\"status\":\"exited\",\"exitCode\":3,\"later\":{\"x\":[1,{}]}}"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(s).isEqualTo(new ContainerState("exited", 3, "", "", 0, 0, 0, List.of(), ""));
        ContainerRecord r = StateJson.record("{\"id\":\"ab\",\"ports\":null}".getBytes(StandardCharsets.UTF_8));
        assertThat(r.id()).isEqualTo("ab");
        assertThat(r.ports()).isEmpty();
        assertThat(r.layers()).isEmpty();
    }

    @Test
    void badFilesAreErrorsNamingTheField() {
        assertThatThrownBy(() -> StateJson.state("{\"pid\":\"12\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("\"pid\" must be an integer, not VALUE_STRING (line 1, column");
        assertThatThrownBy(() -> StateJson.record("{\"args\":\"sh\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("\"args\" must be an array");
        assertThatThrownBy(() -> StateJson.state("{\"status\":\"running\"".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> StateJson.state("[]".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("expected a JSON object");
        assertThatThrownBy(() -> StateJson.state("{} {}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("unexpected START_OBJECT after the JSON object");
    }
}
