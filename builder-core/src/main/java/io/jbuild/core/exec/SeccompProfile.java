package io.jbuild.core.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jbuild.core.image.OciJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A seccomp profile in docker's format ({@code defaultAction}, {@code archMap}, {@code syscalls} whose rules may be
 * limited to some capabilities, architectures or kernels) turned into the runtime spec's {@code linux.seccomp} for
 * one container, as docker and podman do: the host's architecture with its sub-architectures, and only the rules
 * whose conditions the container's capabilities, the host's architecture and kernel meet.
 */
final class SeccompProfile {

    /**
     * What docker's profile allows only with {@code CAP_SYS_ADMIN}: namespaces, mounts, and kernel interfaces that
     * are not namespaced. Without the capability, {@code clone} may still make threads and processes (no namespace
     * flags) and {@code clone3} says ENOSYS, so that C libraries fall back to {@code clone}.
     */
    static final Set<String> SYS_ADMIN_SYSCALLS = Set.of(
            "bpf", "clone", "clone3", "fanotify_init", "fsconfig", "fsmount", "fsopen", "fspick", "lookup_dcookie",
            "mount", "mount_setattr", "move_mount", "open_tree", "perf_event_open", "quotactl", "quotactl_fd",
            "setdomainname", "sethostname", "setns", "syslog", "umount", "umount2", "unshare");

    /** The running kernel's command line. */
    static final Path KERNEL_COMMAND_LINE = Path.of("/proc/cmdline");

    /** CLONE_NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET: clone may be called with none of them. */
    private static final long CLONE_NAMESPACE_FLAGS = 0x7E020000L;
    private static final int EPERM = 1;
    private static final int ENOSYS = 38;

    private final Path file;
    private final JsonNode profile;

    private SeccompProfile(Path file, JsonNode profile) {
        this.file = file;
        this.profile = profile;
    }

    /**
     * Reads and checks a profile.
     *
     * @throws IOException naming the file when it is missing, not JSON, or not a profile
     */
    static SeccompProfile read(Path file) throws IOException {
        JsonNode json;
        try {
            json = OciJson.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new IOException("seccomp profile " + file + " does not exist"
                    + (file.equals(Seccomp.SYSTEM_PROFILE)
                    ? " (Debian's golang-github-containers-common package installs it; a container never runs"
                    + " without a filter unless --security-opt seccomp=unconfined says so)" : ""));
        } catch (IOException e) {
            throw new IOException("seccomp profile " + file + " is not valid JSON: " + e.getMessage(), e);
        }
        SeccompProfile p = new SeccompProfile(file, json);
        p.check();
        return p;
    }

    private void check() throws IOException {
        if (!profile.isObject()) {
            throw invalid("is not a JSON object");
        }
        action(profile.path("defaultAction"), "defaultAction");
        JsonNode syscalls = profile.path("syscalls");
        if (!syscalls.isMissingNode() && !syscalls.isNull() && !syscalls.isArray()) {
            throw invalid("\"syscalls\" is not an array");
        }
        int i = 0;
        for (JsonNode rule : syscalls) {
            String where = "syscalls[" + i++ + "]";
            if (names(rule).isEmpty()) {
                throw invalid(where + " names no system call");
            }
            action(rule.path("action"), where + ".action");
            for (JsonNode arg : rule.path("args")) {
                if (!arg.path("index").isIntegralNumber() || !arg.path("value").isIntegralNumber()
                        || !arg.path("op").asText().startsWith("SCMP_CMP_")) {
                    throw invalid(where + " has an argument without index, value or a SCMP_CMP_ op: " + arg);
                }
            }
        }
        for (JsonNode arch : profile.path("archMap")) {
            if (!arch.path("architecture").isTextual()) {
                throw invalid("an archMap entry has no architecture: " + arch);
            }
        }
    }

    private void action(JsonNode node, String where) throws IOException {
        if (!node.isTextual() || !node.asText().startsWith("SCMP_ACT_")) {
            throw invalid(where + " is " + (node.isMissingNode() ? "missing" : node + ", not a SCMP_ACT_ action"));
        }
    }

    private IOException invalid(String what) {
        return new IOException("seccomp profile " + file + ": " + what);
    }

    /**
     * The runtime spec's {@code linux.seccomp} for a container with {@code capabilities} on this host.
     *
     * @param dockerNamespaceRule whether to gate {@link #SYS_ADMIN_SYSCALLS} on {@code CAP_SYS_ADMIN} however the
     *                            profile allows them
     * @param x32                 whether to keep the x32 ABI if the profile lists it (see the method below)
     */
    ObjectNode forContainer(Collection<String> capabilities, boolean dockerNamespaceRule, boolean x32) {
        return forContainer(capabilities, dockerNamespaceRule, goArch(System.getProperty("os.arch")),
                System.getProperty("os.version"), x32);
    }

    /**
     * @param x32 whether the filter covers the x32 ABI when the profile lists it: every architecture listed is
     *            compiled into the filter by the runtime at each container's start, and x32 cost runc 1.1 ~7 ms of
     *            each RUN step (20 RUN steps: 1,901 -> 1,752 ms). Left out, an x32 system call is refused as any
     *            other the filter does not allow.
     */
    ObjectNode forContainer(Collection<String> capabilities, boolean dockerNamespaceRule, String goArch,
                            String kernel, boolean x32) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("defaultAction", profile.get("defaultAction").asText());
        if (profile.path("defaultErrnoRet").isIntegralNumber()) {
            out.put("defaultErrnoRet", profile.get("defaultErrnoRet").asInt());
        }
        ArrayNode architectures = out.putArray("architectures");
        String scmpArch = scmpArch(goArch);
        for (JsonNode arch : profile.path("archMap")) {
            if (arch.path("architecture").asText().equals(scmpArch)) {
                architectures.add(scmpArch);
                for (JsonNode sub : arch.path("subArchitectures")) {
                    if (x32 || !sub.asText().equals("SCMP_ARCH_X32")) {
                        architectures.add(sub.asText());
                    }
                }
            }
        }
        boolean gate = dockerNamespaceRule && !capabilities.contains("CAP_SYS_ADMIN");
        ArrayNode syscalls = out.putArray("syscalls");
        for (JsonNode rule : profile.path("syscalls")) {
            if (!applies(rule, capabilities, goArch, kernel)) {
                continue;
            }
            List<String> names = names(rule);
            if (gate && rule.path("action").asText().equals("SCMP_ACT_ALLOW") && unconditional(rule)) {
                names.removeAll(SYS_ADMIN_SYSCALLS);
                if (names.isEmpty()) {
                    continue;
                }
            }
            ObjectNode r = syscalls.addObject();
            names.forEach(r.putArray("names")::add);
            r.put("action", rule.get("action").asText());
            if (rule.path("errnoRet").isIntegralNumber()) {
                r.put("errnoRet", rule.get("errnoRet").asInt());
            }
            if (rule.path("args").size() > 0) {
                ArrayNode args = r.putArray("args");
                for (JsonNode a : rule.get("args")) {
                    args.addObject().put("index", a.get("index").asInt()).put("value", a.get("value").asLong())
                            .put("valueTwo", a.path("valueTwo").asLong(0)).put("op", a.get("op").asText());
                }
            }
        }
        if (gate) {
            boolean s390 = goArch.startsWith("s390");
            ObjectNode clone = syscalls.addObject();
            clone.putArray("names").add("clone");
            clone.put("action", "SCMP_ACT_ALLOW");
            // s390 passes the flags second
            clone.putArray("args").addObject().put("index", s390 ? 1 : 0).put("value", CLONE_NAMESPACE_FLAGS)
                    .put("valueTwo", 0).put("op", "SCMP_CMP_MASKED_EQ");
            List<String> denied = new ArrayList<>(SYS_ADMIN_SYSCALLS);
            denied.removeAll(List.of("clone", "clone3"));
            syscalls.forEach(r -> denied.removeAll(texts(r.path("names")))); // the profile's own denial stands
            denied.sort(null);
            errno(syscalls, List.of("clone3"), ENOSYS);
            errno(syscalls, denied, EPERM);
        }
        return out;
    }

    private static void errno(ArrayNode syscalls, List<String> names, int errno) {
        ObjectNode r = syscalls.addObject();
        names.forEach(r.putArray("names")::add);
        r.put("action", "SCMP_ACT_ERRNO");
        r.put("errnoRet", errno);
    }

    /** A rule with no argument or capability conditions: an allowance the namespace rule narrows. */
    private static boolean unconditional(JsonNode rule) {
        return rule.path("args").size() == 0 && rule.path("includes").path("caps").size() == 0;
    }

    /** Docker's conditions: every included capability held, no excluded one; the arch listed; kernel new enough. */
    private static boolean applies(JsonNode rule, Collection<String> capabilities, String goArch, String kernel) {
        JsonNode includes = rule.path("includes");
        JsonNode excludes = rule.path("excludes");
        for (JsonNode cap : includes.path("caps")) {
            if (!capabilities.contains(cap.asText())) {
                return false;
            }
        }
        for (JsonNode cap : excludes.path("caps")) {
            if (capabilities.contains(cap.asText())) {
                return false;
            }
        }
        if (includes.path("arches").size() > 0 && !texts(includes.path("arches")).contains(goArch)) {
            return false;
        }
        if (texts(excludes.path("arches")).contains(goArch)) {
            return false;
        }
        String minKernel = includes.path("minKernel").asText("");
        return minKernel.isEmpty() || compareVersions(kernel, minKernel) >= 0;
    }

    /** Compares the leading numbers of two kernel versions ({@code 6.1.0-13-amd64} against {@code 4.8}). */
    static int compareVersions(String a, String b) {
        String[] x = a.split("[^0-9]+");
        String[] y = b.split("[^0-9]+");
        for (int i = 0; i < 2; i++) {
            int c = Integer.compare(number(x, i), number(y, i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int number(String[] parts, int i) {
        try {
            return i < parts.length && !parts[i].isEmpty() ? Integer.parseInt(parts[i]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static List<String> names(JsonNode rule) {
        List<String> names = texts(rule.path("names"));
        if (rule.path("name").isTextual()) {
            names.add(rule.get("name").asText()); // the profile format's older single name
        }
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /**
     * Whether this kernel runs x32 programs, as far as a build needs to know: only when its command line turns the
     * ABI on ({@code syscall.x32=y}, Debian's switch; Debian builds it in but off by default, Fedora, RHEL and Ubuntu
     * leave it out, and Docker on those hosts cannot run x32 programs either). A kernel built with x32 always on
     * runs them only with a profile given as {@code --security-opt seccomp=FILE}, applied with every architecture it
     * lists.
     */
    static boolean x32Enabled(Path cmdline) {
        String line;
        try {
            line = Files.readString(cmdline);
        } catch (IOException e) {
            return false;
        }
        boolean on = false;
        for (String word : line.strip().split("\\s+")) {
            if (word.equals("syscall.x32")) {
                on = true; // a boolean parameter given bare
            } else if (word.startsWith("syscall.x32=")) {
                // read as the kernel's kstrtobool does; the last one given wins, as for the kernel
                String v = word.substring("syscall.x32=".length()).toLowerCase(Locale.ROOT);
                on = v.startsWith("y") || v.startsWith("1") || v.startsWith("on");
            }
        }
        return on;
    }

    /** Java's {@code os.arch} as Go names it, which the profile's {@code arches} conditions use. */
    static String goArch(String javaArch) {
        return switch (javaArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            case "arm" -> "arm";
            default -> javaArch;
        };
    }

    private static String scmpArch(String goArch) {
        return switch (goArch) {
            case "amd64" -> "SCMP_ARCH_X86_64";
            case "arm64" -> "SCMP_ARCH_AARCH64";
            case "386" -> "SCMP_ARCH_X86";
            case "arm" -> "SCMP_ARCH_ARM";
            case "ppc64le" -> "SCMP_ARCH_PPC64LE";
            case "s390x" -> "SCMP_ARCH_S390X";
            case "riscv64" -> "SCMP_ARCH_RISCV64";
            default -> "SCMP_ARCH_" + goArch.toUpperCase(Locale.ROOT);
        };
    }
}
