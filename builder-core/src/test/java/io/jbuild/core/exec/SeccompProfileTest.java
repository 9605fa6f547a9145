package io.jbuild.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Docker's profile format turned into the runtime spec's filter, for the capabilities a container has. */
class SeccompProfileTest {

    @TempDir
    Path tmp;

    @Test
    void theSystemProfileWithDockersNamespaceRule() throws IOException {
        assumeTrue(Files.isRegularFile(Seccomp.SYSTEM_PROFILE), "needs golang-github-containers-common");
        JsonNode filter = SeccompProfile.read(Seccomp.SYSTEM_PROFILE)
                .forContainer(OciSpec.DEFAULT_CAPABILITIES, true, "amd64", "6.1.0-13-amd64", true);

        assertThat(filter.get("defaultAction").asText()).isEqualTo("SCMP_ACT_ERRNO");
        assertThat(texts(filter.get("architectures"))).containsExactly("SCMP_ARCH_X86_64", "SCMP_ARCH_X86",
                "SCMP_ARCH_X32");
        // Nothing lets a container without CAP_SYS_ADMIN make namespaces or mounts unconditionally.
        for (String call : List.of("unshare", "mount", "setns", "clone", "clone3", "umount2", "fsopen", "bpf")) {
            assertThat(rules(filter, call)).as(call).noneMatch(r -> r.get("action").asText().equals("SCMP_ACT_ALLOW")
                    && r.path("args").size() == 0);
        }
        assertThat(rules(filter, "unshare")).singleElement()
                .satisfies(r -> assertThat(r.get("errnoRet").asInt()).isEqualTo(1));
        assertThat(rules(filter, "clone3")).singleElement()
                .satisfies(r -> assertThat(r.get("errnoRet").asInt()).isEqualTo(38));
        JsonNode clone = rules(filter, "clone").get(0);
        assertThat(clone.get("action").asText()).isEqualTo("SCMP_ACT_ALLOW");
        assertThat(clone.get("args").get(0).get("op").asText()).isEqualTo("SCMP_CMP_MASKED_EQ");
        assertThat(clone.get("args").get(0).get("value").asLong()).isEqualTo(0x7E020000L);
        // Rules by capability and architecture: chroot (CAP_SYS_CHROOT held) and arch_prctl (amd64) allowed.
        assertThat(rules(filter, "chroot")).extracting(r -> r.get("action").asText()).containsExactly("SCMP_ACT_ALLOW");
        assertThat(rules(filter, "arch_prctl")).isNotEmpty();
        assertThat(rules(filter, "read")).isNotEmpty();

        JsonNode arm = SeccompProfile.read(Seccomp.SYSTEM_PROFILE)
                .forContainer(OciSpec.DEFAULT_CAPABILITIES, true, "arm64", "6.1.0", false);
        assertThat(texts(arm.get("architectures"))).containsExactly("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM");
        assertThat(rules(arm, "arch_prctl")).isEmpty();

        // Without the x32 ABI the filter leaves its architecture out, and only that: the same rules.
        JsonNode noX32 = SeccompProfile.read(Seccomp.SYSTEM_PROFILE)
                .forContainer(OciSpec.DEFAULT_CAPABILITIES, true, "amd64", "6.1.0-13-amd64", false);
        assertThat(texts(noX32.get("architectures"))).containsExactly("SCMP_ARCH_X86_64", "SCMP_ARCH_X86");
        assertThat(noX32.get("syscalls")).isEqualTo(filter.get("syscalls"));
        assertThat(noX32.get("defaultAction")).isEqualTo(filter.get("defaultAction"));

        // A profile given with seccomp=FILE is applied as it is.
        JsonNode custom = SeccompProfile.read(Seccomp.SYSTEM_PROFILE)
                .forContainer(OciSpec.DEFAULT_CAPABILITIES, false, "amd64", "6.1.0", true);
        assertThat(rules(custom, "unshare")).extracting(r -> r.get("action").asText()).containsExactly("SCMP_ACT_ALLOW");
    }

    @Test
    void conditionsOnCapabilitiesAndKernels() throws IOException {
        Path file = tmp.resolve("p.json");
        Files.writeString(file, """
                {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1,
                 "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": []}],
                 "syscalls": [
                  {"names": ["ptrace"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "4.8"}},
                  {"name": "kcmp", "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_PTRACE"]}},
                  {"names": ["acct"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1, "excludes": {"caps": ["CAP_KILL"]}},
                  {"names": ["personality"], "action": "SCMP_ACT_ALLOW",
                   "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]}
                 ]}
                """);
        SeccompProfile p = SeccompProfile.read(file);
        JsonNode old = p.forContainer(List.of("CAP_KILL"), false, "amd64", "4.4.0-21-generic", true);
        assertThat(names(old)).containsExactly("personality");
        assertThat(old.get("defaultErrnoRet").asInt()).isEqualTo(1);
        JsonNode recent = p.forContainer(List.of("CAP_SYS_PTRACE"), false, "amd64", "5.10.0", true);
        assertThat(names(recent)).containsExactly("ptrace", "kcmp", "acct", "personality");
        assertThat(recent.get("syscalls").get(3).get("args").get(0).get("valueTwo").asLong()).isZero();
    }

    @Test
    void aBrokenProfileIsAnErrorNamingIt() throws IOException {
        Path notJson = Files.writeString(tmp.resolve("broken.json"), "{\"defaultAction\": ");
        assertThatThrownBy(() -> SeccompProfile.read(notJson)).isInstanceOf(IOException.class)
                .hasMessageContaining("seccomp profile " + notJson + " is not valid JSON");
        Path noAction = Files.writeString(tmp.resolve("noaction.json"), "{\"syscalls\": []}");
        assertThatThrownBy(() -> SeccompProfile.read(noAction)).isInstanceOf(IOException.class)
                .hasMessage("seccomp profile " + noAction + ": defaultAction is missing");
        Path badRule = Files.writeString(tmp.resolve("rule.json"),
                "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"ALLOW\"}]}");
        assertThatThrownBy(() -> SeccompProfile.read(badRule)).isInstanceOf(IOException.class)
                .hasMessageContaining(badRule + ": syscalls[0].action is \"ALLOW\", not a SCMP_ACT_ action");
        assertThatThrownBy(() -> SeccompProfile.read(tmp.resolve("none.json"))).isInstanceOf(IOException.class)
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> Seccomp.parseSecurityOpt("apparmor=unconfined"))
                .hasMessageContaining("unsupported --security-opt \"apparmor=unconfined\"");
        assertThat(Seccomp.parseSecurityOpt("seccomp=unconfined")).isEqualTo(new Seccomp.Unconfined());
        assertThat(Seccomp.parseSecurityOpt("seccomp=/x.json")).isEqualTo(new Seccomp.Custom(Path.of("/x.json")));
    }

    @Test
    void x32IsOnOnlyWhenTheKernelCommandLineTurnsItOn() throws IOException {
        Path cmdline = tmp.resolve("cmdline");
        for (String line : List.of("BOOT_IMAGE=/vmlinuz root=/dev/sda1 syscall.x32=y quiet\n", "syscall.x32=Y",
                "syscall.x32=1", "syscall.x32=yes", "syscall.x32", "syscall.x32=n syscall.x32=on")) {
            Files.writeString(cmdline, line);
            assertThat(SeccompProfile.x32Enabled(cmdline)).as(line).isTrue();
        }
        for (String line : List.of("BOOT_IMAGE=/vmlinuz root=/dev/sda1 quiet\n", "syscall.x32=n", "syscall.x32=y "
                + "syscall.x32=0", "nosyscall.x32=y", "syscall.x32=off", "")) {
            Files.writeString(cmdline, line);
            assertThat(SeccompProfile.x32Enabled(cmdline)).as(line).isFalse();
        }
        assertThat(SeccompProfile.x32Enabled(tmp.resolve("missing"))).isFalse();
    }

    private static List<JsonNode> rules(JsonNode filter, String call) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode r : filter.get("syscalls")) {
            if (texts(r.get("names")).contains(call)) {
                out.add(r);
            }
        }
        return out;
    }

    private static List<String> names(JsonNode filter) {
        List<String> out = new ArrayList<>();
        filter.get("syscalls").forEach(r -> out.addAll(texts(r.get("names"))));
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
