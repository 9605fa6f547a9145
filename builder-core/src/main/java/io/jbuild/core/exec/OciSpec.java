package io.jbuild.core.exec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jbuild.core.image.OciJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The OCI runtime bundle's {@code config.json} for one RUN step, with the defaults BuildKit gets from containerd
 * (and docker uses): docker's capability set, masked and read-only /proc and /sys paths, the usual /dev, /proc,
 * /sys mounts, a fresh pid, ipc, uts and mount namespace (and network unless the host's is used), new privileges
 * allowed, every device denied except the runtime's defaults, and docker's seccomp filter when given one.
 */
final class OciSpec {

    static final List<String> DEFAULT_CAPABILITIES = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
            "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
            "CAP_AUDIT_WRITE");

    static final List<String> MASKED_PATHS = List.of(
            "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
            "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/sys/devices/virtual/powercap", "/proc/scsi");

    static final List<String> READONLY_PATHS = List.of(
            "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");


    /** One entry of the spec's {@code mounts}. */
    record Mount(String destination, String type, String source, List<String> options) {
    }

    private final ObjectNode root = JsonNodeFactory.instance.objectNode();
    private final ArrayNode mounts;
    private final ArrayNode namespaces;
    /** {@code linux.seccomp} as JSON text, written once per profile and reused by every step; null for none. */
    private byte[] seccomp;

    OciSpec(Path rootfs, List<String> args, List<String> env, String cwd, ContainerUser user, String hostname,
            NetworkMode network, List<HostLimits.Rlimit> rlimits, String cgroupsPath, boolean terminal) {
        root.put("ociVersion", "1.0.2");
        ObjectNode process = root.putObject("process");
        process.put("terminal", terminal);
        ObjectNode u = process.putObject("user");
        u.put("uid", user.uid());
        u.put("gid", user.gid());
        ArrayNode gids = u.putArray("additionalGids");
        user.additionalGids().forEach(gids::add);
        strings(process.putArray("args"), args);
        strings(process.putArray("env"), env);
        process.put("cwd", cwd);
        ObjectNode caps = process.putObject("capabilities");
        for (String set : List.of("bounding", "effective", "permitted")) {
            strings(caps.putArray(set), DEFAULT_CAPABILITIES);
        }
        ArrayNode limits = process.putArray("rlimits");
        for (HostLimits.Rlimit r : rlimits) {
            limits.addObject().put("type", r.type()).put("hard", r.hard()).put("soft", r.soft());
        }
        process.put("noNewPrivileges", false); // as docker: setuid binaries (su, sudo, ping) work in RUN

        root.putObject("root").put("path", rootfs.toString()).put("readonly", false);
        root.put("hostname", hostname);

        mounts = root.putArray("mounts");
        mount(new Mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")));
        mount(new Mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")));
        mount(new Mount("/dev/pts", "devpts", "devpts",
                List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")));
        mount(new Mount("/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")));
        mount(new Mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")));
        mount(new Mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")));
        mount(new Mount("/sys/fs/cgroup", "cgroup", "cgroup", List.of("nosuid", "noexec", "nodev", "relatime", "ro")));

        ObjectNode linux = root.putObject("linux");
        ArrayNode namespaces = linux.putArray("namespaces");
        for (String ns : List.of("pid", "ipc", "uts", "mount")) {
            namespaces.addObject().put("type", ns);
        }
        if (network == NetworkMode.NONE) {
            namespaces.addObject().put("type", "network"); // a new one: the runtime brings up only loopback
        }
        this.namespaces = namespaces;
        linux.put("cgroupsPath", cgroupsPath);
        linux.putObject("resources").putArray("devices").addObject().put("allow", false).put("access", "rwm");
        strings(linux.putArray("maskedPaths"), MASKED_PATHS);
        strings(linux.putArray("readonlyPaths"), READONLY_PATHS);
    }

    /** A network namespace of its own, made by the runtime (a container's private network, set up once created). */
    void newNetwork() {
        namespaces.addObject().put("type", "network");
    }

    /** Joins the network namespace bound at {@code file} (a private network's). */
    void joinNetwork(Path file) {
        namespaces.addObject().put("type", "network").put("path", file.toString());
    }

    /**
     * The system call filter: {@code linux.seccomp} as the runtime reads it, as compact JSON text. Given as text
     * because it is most of the config (docker's profile: some 400 names) and the same for every step: built and
     * written once per executor instead of once per step.
     */
    void seccomp(byte[] filterJson) {
        this.seccomp = filterJson.clone();
    }

    /**
     * Has the runtime mount the root file system itself, an overlay with {@code options} over the (empty) root
     * path, in the container's mount namespace: the first mount, under all the others.
     */
    void rootMount(List<String> options) {
        ObjectNode node = mounts.insertObject(0);
        node.put("destination", "/").put("type", "overlay").put("source", "overlay");
        strings(node.putArray("options"), options);
    }

    /** A read-only bind mount of a host file or directory. */
    void bind(String destination, Path source, boolean readOnly) {
        mount(new Mount(destination, "bind", source.toString(), readOnly ? List.of("rbind", "ro") : List.of("rbind")));
    }

    void mount(Mount m) {
        ObjectNode node = mounts.addObject();
        node.put("destination", m.destination()).put("type", m.type()).put("source", m.source());
        strings(node.putArray("options"), m.options());
    }

    /** The config.json runc reads (compact: built without an ObjectMapper, which would cost a run's start-up). */
    byte[] toJson() {
        byte[] json = OciJson.writeTree(root);
        if (seccomp == null) {
            return json;
        }
        // "linux" is the root's last field and never empty, so the text ends with its closing brace and the root's:
        // the filter goes in as linux's last field.
        int at = json.length - 2;
        if (json[at] != '}' || json[at + 1] != '}') {
            throw new IllegalStateException("the runtime config does not end with the linux object");
        }
        byte[] field = ",\"seccomp\":".getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(json, json.length + field.length + seccomp.length);
        System.arraycopy(field, 0, out, at, field.length);
        System.arraycopy(seccomp, 0, out, at + field.length, seccomp.length);
        out[out.length - 2] = '}';
        out[out.length - 1] = '}';
        return out;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
