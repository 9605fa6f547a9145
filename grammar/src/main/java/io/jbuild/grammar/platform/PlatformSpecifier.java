package io.jbuild.grammar.platform;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A platform as a user names it ({@code os[/arch[/variant]]}, {@code arch} alone, {@code os(version+feature)/arch}),
 * parsed and normalized as containerd's {@code platforms} package does, which is what docker and BuildKit use. The
 * one place these rules live: the linter's predefined ARGs and the engine's OCI platform (core's {@code Platform},
 * which adds the fields an image config carries) both come from here.
 *
 * @param os           operating system, e.g. {@code linux}
 * @param architecture CPU architecture, e.g. {@code amd64}, {@code arm64}
 * @param variant      CPU variant, e.g. {@code v7}; {@code ""} for none
 * @param osVersion    {@code os.version}, mostly for Windows; {@code ""} for none
 * @param osFeatures   {@code os.features}
 */
public record PlatformSpecifier(String os, String architecture, String variant, String osVersion,
                                List<String> osFeatures) {

    private static final Set<String> KNOWN_OS = Set.of("aix", "android", "darwin", "dragonfly", "freebsd", "hurd",
            "illumos", "ios", "js", "linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "windows", "zos");
    private static final Set<String> KNOWN_ARCH = Set.of("386", "amd64", "amd64p32", "arm", "armbe", "arm64",
            "arm64be", "ppc64", "ppc64le", "loong64", "mips", "mipsle", "mips64", "mips64le", "mips64p32",
            "mips64p32le", "ppc", "riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm");

    public PlatformSpecifier {
        os = Objects.requireNonNullElse(os, "");
        architecture = Objects.requireNonNullElse(architecture, "");
        variant = Objects.requireNonNullElse(variant, "");
        osVersion = Objects.requireNonNullElse(osVersion, "");
        osFeatures = osFeatures == null ? List.of() : List.copyOf(osFeatures);
    }

    /** {@code os/architecture[/variant]} as written; {@code variant} may be empty. */
    public static PlatformSpecifier of(String os, String architecture, String variant) {
        return new PlatformSpecifier(os, architecture, variant, "", List.of());
    }

    /**
     * Parses a specifier, with containerd's aliases resolved: {@code linux/x86_64} is {@code linux/amd64},
     * {@code linux/aarch64} is {@code linux/arm64}, {@code linux/arm64/v8} keeps its variant, {@code linux/arm}
     * stays without one until {@link #normalize()} makes it v7. An OS alone takes this machine's architecture,
     * an architecture alone this machine's OS.
     *
     * @throws IllegalArgumentException naming the specifier and the offending part
     */
    public static PlatformSpecifier parse(String specifier) {
        if (specifier.contains("*")) {
            throw new IllegalArgumentException("invalid platform \"" + specifier + "\": wildcards are not supported");
        }
        String[] parts = specifier.split("/", -1);
        if (parts.length > 3) {
            throw new IllegalArgumentException("invalid platform \"" + specifier
                    + "\": expected os[/arch[/variant]]");
        }
        OsPart m = osPart(parts[0]);
        if (m == null) {
            throw new IllegalArgumentException("invalid platform \"" + specifier + "\": invalid OS component \""
                    + parts[0] + "\"");
        }
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].isEmpty() || !allOf(parts[i], 0, parts[i].length(), "_.-")) {
                throw new IllegalArgumentException("invalid platform \"" + specifier + "\": invalid component \""
                        + parts[i] + "\"");
            }
        }
        String os = normalizeOs(m.name());
        String osVersion = decode(m.version());
        List<String> features = new ArrayList<>();
        for (String f : m.features()) {
            String decoded = decode(f);
            if (!decoded.isEmpty()) {
                features.add(decoded);
            }
        }
        switch (parts.length) {
            case 1 -> {
                if (KNOWN_OS.contains(os)) {
                    PlatformSpecifier host = host();
                    String variant = "arm".equals(host.architecture) && !"v7".equals(host.variant) ? host.variant : "";
                    return new PlatformSpecifier(os, host.architecture, variant, osVersion, features);
                }
                String[] arch = normalizeArch(parts[0], "");
                if (arch[0].equals("arm") && arch[1].equals("v7")) {
                    arch[1] = "";
                }
                if (KNOWN_ARCH.contains(arch[0])) {
                    return new PlatformSpecifier(host().os, arch[0], arch[1], "", List.of());
                }
                throw new IllegalArgumentException("invalid platform \"" + specifier
                        + "\": unknown operating system or architecture");
            }
            case 2 -> {
                String[] arch = normalizeArch(parts[1], "");
                if (arch[0].equals("arm") && arch[1].equals("v7")) {
                    arch[1] = "";
                }
                return new PlatformSpecifier(os, arch[0], arch[1], osVersion, features);
            }
            default -> {
                String[] arch = normalizeArch(parts[1], parts[2]);
                if (arch[0].equals("arm64") && arch[1].isEmpty()) {
                    arch[1] = "v8";
                }
                return new PlatformSpecifier(os, arch[0], arch[1], osVersion, features);
            }
        }
    }

    /** The OS component's parts as written: {@code name(version+feature+...)}. */
    private record OsPart(String name, String version, List<String> features) {
    }

    /**
     * The OS component {@code name[(version[+feature]...)]}; null when it is not of that form. Scanned by hand
     * rather than by a regular expression: the first compiled one with character ranges links the JDK's lambdas,
     * setting up java.lang.invoke (~15 ms) in every command that reads a platform.
     */
    private static OsPart osPart(String part) {
        int open = part.indexOf('(');
        int nameEnd = open < 0 ? part.length() : open;
        if (nameEnd == 0 || !allOf(part, 0, nameEnd, "_-")) {
            return null;
        }
        String name = part.substring(0, nameEnd);
        if (open < 0) {
            return new OsPart(name, "", List.of());
        }
        if (!part.endsWith(")")) {
            return null;
        }
        String inner = part.substring(open + 1, part.length() - 1);
        int plus = inner.indexOf('+');
        String version = plus < 0 ? inner : inner.substring(0, plus);
        if (!allOf(version, 0, version.length(), "_.%-")) {
            return null;
        }
        List<String> features = new ArrayList<>();
        for (int i = plus; i >= 0 && i < inner.length(); ) {
            int next = inner.indexOf('+', i + 1);
            int end = next < 0 ? inner.length() : next;
            if (end == i + 1 || !allOf(inner, i + 1, end, "_.%-")) {
                return null; // "+" with nothing after it, or a character a feature may not have
            }
            features.add(inner.substring(i + 1, end));
            i = end;
        }
        return new OsPart(name, version, features);
    }

    /** Whether {@code s[from, to)} has only ASCII letters, digits and the {@code others}. */
    private static boolean allOf(String s, int from, int to, String others) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || others.indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The platform of this machine, as docker's default: e.g. {@code linux/amd64}, {@code linux/arm64/v8}. */
    public static PlatformSpecifier host() {
        return fromJava(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    /** Maps Java's {@code os.name}/{@code os.arch} to OCI names. */
    static PlatformSpecifier fromJava(String osName, String osArch) {
        String name = osName.toLowerCase(Locale.ROOT);
        String os;
        if (name.startsWith("windows")) {
            os = "windows";
        } else if (name.startsWith("mac") || name.startsWith("darwin")) {
            os = "darwin";
        } else {
            os = name.replace(" ", "");
        }
        String arch = osArch.toLowerCase(Locale.ROOT);
        String[] normalized = switch (arch) {
            case "x86", "i386", "i486", "i586", "i686" -> new String[] {"386", ""};
            default -> normalizeArch(arch, "");
        };
        String variant = switch (normalized[0]) {
            case "arm64" -> "v8"; // containerd's default for arm64 hosts
            case "arm" -> "v7";
            default -> normalized[1];
        };
        return of(os, normalized[0], variant);
    }

    /**
     * The normalized form used for comparison and for BuildKit's platform ARGs: lowercase, aliases resolved,
     * defaults made explicit or removed as containerd does ({@code arm64/v8} and {@code arm64} are equal,
     * {@code arm} is {@code arm/v7}), os.features sorted and unique.
     */
    public PlatformSpecifier normalize() {
        String[] arch = normalizeArch(architecture, variant);
        return new PlatformSpecifier(normalizeOs(os), arch[0], arch[1], osVersion,
                new ArrayList<>(new TreeSet<>(osFeatures)));
    }

    /** {@code os/arch[/variant]}, as docker prints platforms; {@code unknown} without an OS. */
    public String format() {
        if (os.isEmpty()) {
            return "unknown";
        }
        StringBuilder sb = new StringBuilder(os);
        if (!architecture.isEmpty()) {
            sb.append('/').append(architecture);
        }
        if (!variant.isEmpty()) {
            sb.append('/').append(variant);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return format();
    }

    private static String normalizeOs(String os) {
        String lower = os.toLowerCase(Locale.ROOT);
        return lower.equals("macos") ? "darwin" : lower;
    }

    /** containerd's normalizeArch: returns {arch, variant} with "" for no variant. */
    private static String[] normalizeArch(String architecture, String variantIn) {
        String arch = architecture.toLowerCase(Locale.ROOT);
        String variant = variantIn.toLowerCase(Locale.ROOT);
        switch (arch) {
            case "i386" -> {
                arch = "386";
                variant = "";
            }
            case "x86_64", "x86-64", "amd64" -> {
                arch = "amd64";
                if (variant.equals("v1")) {
                    variant = "";
                }
            }
            case "aarch64", "arm64" -> {
                arch = "arm64";
                switch (variant) {
                    case "8", "v8", "v8.0" -> variant = "";
                    case "9", "9.0", "v9.0" -> variant = "v9";
                    default -> {
                    }
                }
            }
            case "armhf" -> {
                arch = "arm";
                variant = "v7";
            }
            case "armel" -> {
                arch = "arm";
                variant = "v6";
            }
            case "arm" -> {
                switch (variant) {
                    case "", "7" -> variant = "v7";
                    case "5", "6", "8" -> variant = "v" + variant;
                    default -> {
                    }
                }
            }
            default -> {
            }
        }
        return new String[] {arch, variant};
    }

    private static String decode(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        return s.contains("%") ? URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8) : s;
    }
}
