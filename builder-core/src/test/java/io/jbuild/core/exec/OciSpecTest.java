package io.jbuild.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OciSpecTest {

    @Test
    void theBundleConfigHasDockersDefaults() throws IOException {
        OciSpec spec = new OciSpec(Path.of("/run/x/rootfs"), List.of("/bin/sh", "-c", "make"), List.of("A=1"), "/src",
                new ContainerUser(1000, 1000, List.of(1000L, 50L)), "buildkitsandbox", NetworkMode.HOST,
                List.of(new HostLimits.Rlimit("RLIMIT_NOFILE", 1024, 4096)), "/jbuild/x", false);
        spec.bind("/etc/hosts", Path.of("/run/x/hosts"), true);
        JsonNode json = new ObjectMapper().readTree(spec.toJson());

        JsonNode process = json.get("process");
        assertThat(texts(process.get("args"))).containsExactly("/bin/sh", "-c", "make");
        assertThat(process.get("cwd").asText()).isEqualTo("/src");
        assertThat(process.get("user").get("uid").asLong()).isEqualTo(1000);
        assertThat(texts(process.get("user").get("additionalGids"))).containsExactly("1000", "50");
        assertThat(process.get("noNewPrivileges").asBoolean()).isFalse();
        assertThat(process.get("terminal").asBoolean()).isFalse();
        assertThat(texts(process.get("capabilities").get("bounding"))).hasSize(14).contains("CAP_CHOWN", "CAP_KILL")
                .doesNotContain("CAP_SYS_ADMIN");
        assertThat(process.get("rlimits").get(0).get("hard").asLong()).isEqualTo(4096);
        assertThat(json.get("root").get("path").asText()).isEqualTo("/run/x/rootfs");

        List<String> destinations = new ArrayList<>();
        json.get("mounts").forEach(m -> destinations.add(m.get("destination").asText()));
        assertThat(destinations).containsExactly("/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys",
                "/sys/fs/cgroup", "/etc/hosts");
        assertThat(texts(json.get("mounts").get(7).get("options"))).containsExactly("rbind", "ro");

        JsonNode linux = json.get("linux");
        List<String> namespaces = new ArrayList<>();
        linux.get("namespaces").forEach(n -> namespaces.add(n.get("type").asText()));
        assertThat(namespaces).containsExactly("pid", "ipc", "uts", "mount"); // host network: no network namespace
        assertThat(texts(linux.get("maskedPaths"))).contains("/proc/kcore", "/sys/firmware");
        assertThat(texts(linux.get("readonlyPaths"))).contains("/proc/sys", "/proc/sysrq-trigger");
    }

    @Test
    void networkNoneIsANewNamespace() throws IOException {
        OciSpec spec = new OciSpec(Path.of("/r"), List.of("true"), List.of(), "/", ContainerUser.ROOT, "h",
                NetworkMode.NONE, List.of(), "/jbuild/y", true);
        JsonNode json = new ObjectMapper().readTree(spec.toJson());
        assertThat(json.get("process").get("terminal").asBoolean()).isTrue();
        List<String> namespaces = new ArrayList<>();
        json.get("linux").get("namespaces").forEach(n -> namespaces.add(n.get("type").asText()));
        assertThat(namespaces).contains("network");
    }

    @Test
    void theSeccompFilterTextBecomesLinuxsLastField() throws IOException {
        OciSpec spec = new OciSpec(Path.of("/r"), List.of("true"), List.of(), "/", ContainerUser.ROOT, "h",
                NetworkMode.NONE, List.of(), "/jbuild/z", false);
        spec.bind("/etc/hosts", Path.of("/run/z/hosts"), true); // a mount added after linux was made
        String filter = "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"read\"],"
                + "\"action\":\"SCMP_ACT_ALLOW\"}]}";
        spec.seccomp(filter.getBytes(StandardCharsets.UTF_8));
        ObjectMapper mapper = new ObjectMapper();
        JsonNode json = mapper.readTree(spec.toJson());
        assertThat(json.get("linux").get("seccomp")).isEqualTo(mapper.readTree(filter));
        assertThat(json.get("linux").get("cgroupsPath").asText()).isEqualTo("/jbuild/z");
        assertThat(json.get("mounts").get(7).get("destination").asText()).isEqualTo("/etc/hosts");
        OciSpec none = new OciSpec(Path.of("/r"), List.of("true"), List.of(), "/", ContainerUser.ROOT, "h",
                NetworkMode.NONE, List.of(), "/jbuild/z", false);
        assertThat(mapper.readTree(none.toJson()).get("linux").has("seccomp")).isFalse();
    }

    @Test
    void hostLimitsAreReadFromProcSelfLimits() {
        List<HostLimits.Rlimit> limits = HostLimits.parse(List.of(
                "Limit                     Soft Limit           Hard Limit           Units     ",
                "Max processes             4096                 4096                 processes ",
                "Max open files            1024                 4096                 files     ",
                "Max locked memory         unlimited            unlimited            bytes     "));
        assertThat(limits).containsExactly(new HostLimits.Rlimit("RLIMIT_NPROC", 4096, 4096),
                new HostLimits.Rlimit("RLIMIT_NOFILE", 1024, 4096));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
