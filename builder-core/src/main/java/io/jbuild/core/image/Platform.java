package io.jbuild.core.image;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The platform an image runs on, as OCI descriptors and configs carry it. Parsing and normalization follow
 * containerd's {@code platforms} package, which is what docker and BuildKit use.
 *
 * @param architecture CPU architecture, e.g. {@code amd64}, {@code arm64}
 * @param os           operating system, e.g. {@code linux}
 * @param osVersion    {@code os.version}, mostly for Windows; null if absent
 * @param osFeatures   {@code os.features}
 * @param variant      CPU variant, e.g. {@code v7}, {@code v8}; null if absent
 * @param extra        fields this model does not know, kept on write (e.g. Docker's {@code features})
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"architecture", "os", "os.version", "os.features", "variant"})
public record Platform(
        @JsonProperty("architecture") @JsonInclude(JsonInclude.Include.ALWAYS) String architecture,
        @JsonProperty("os") @JsonInclude(JsonInclude.Include.ALWAYS) String os,
        @JsonProperty("os.version") String osVersion,
        @JsonProperty("os.features") List<String> osFeatures,
        @JsonProperty("variant") String variant,
        @JsonAnyGetter Map<String, JsonNode> extra) {

    private static final Set<String> KNOWN_OS = Set.of("aix", "android", "darwin", "dragonfly", "freebsd", "hurd",
            "illumos", "ios", "js", "linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "windows", "zos");
    private static final Set<String> KNOWN_ARCH = Set.of("386", "amd64", "amd64p32", "arm", "armbe", "arm64",
            "arm64be", "ppc64", "ppc64le", "loong64", "mips", "mipsle", "mips64", "mips64le", "mips64p32",
            "mips64p32le", "ppc", "riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm");
    private static final Pattern OS_PART =
            Pattern.compile("([A-Za-z0-9_-]+)(?:\\(([A-Za-z0-9_.%-]*)((?:\\+[A-Za-z0-9_.%-]+)*)\\))?");
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_.-]+");

    public Platform {
        osVersion = Copies.emptyToNull(osVersion);
        osFeatures = Copies.list(osFeatures);
        variant = Copies.emptyToNull(variant);
        extra = Copies.extra(extra);
    }

    /** {@code os/architecture[/variant]} as written, e.g. {@code of("linux", "arm64", "v8")}; variant may be null. */
    public static Platform of(String os, String architecture, String variant) {
        return new Platform(architecture, os, null, List.of(), variant, Map.of());
    }

    /**
     * Parses {@code os[/arch[/variant]]}, {@code arch} alone, or {@code os(version+feature)/arch}, normalized
     * as containerd does: {@code linux/x86_64} is {@code linux/amd64}, {@code linux/aarch64} is
     * {@code linux/arm64}, {@code linux/arm64/v8} keeps its variant, {@code linux/arm} means v7.
     *
     * @throws IllegalArgumentException naming the specifier and the offending part
     */
    public static Platform parse(String specifier) {
        if (specifier.contains("*")) {
            throw new IllegalArgumentException("invalid platform \"" + specifier + "\": wildcards are not supported");
        }
        String[] parts = specifier.split("/", -1);
        if (parts.length > 3) {
            throw new IllegalArgumentException("invalid platform \"" + specifier
                    + "\": expected os[/arch[/variant]]");
        }
        Matcher m = OS_PART.matcher(parts[0]);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid platform \"" + specifier + "\": invalid OS component \""
                    + parts[0] + "\"");
        }
        for (int i = 1; i < parts.length; i++) {
            if (!PART.matcher(parts[i]).matches()) {
                throw new IllegalArgumentException("invalid platform \"" + specifier + "\": invalid component \""
                        + parts[i] + "\"");
            }
        }
        String os = normalizeOs(m.group(1));
        String osVersion = decode(m.group(2));
        List<String> features = new ArrayList<>();
        if (m.group(3) != null && !m.group(3).isEmpty()) {
            for (String f : m.group(3).substring(1).split("\\+")) {
                String decoded = decode(f);
                if (decoded != null) {
                    features.add(decoded);
                }
            }
        }
        switch (parts.length) {
            case 1 -> {
                if (KNOWN_OS.contains(os)) {
                    Platform host = host();
                    String variant = "arm".equals(host.architecture) && !"v7".equals(host.variant) ? host.variant : null;
                    return new Platform(host.architecture, os, osVersion, features, variant, Map.of());
                }
                String[] arch = normalizeArch(parts[0], "");
                if (arch[0].equals("arm") && arch[1].equals("v7")) {
                    arch[1] = "";
                }
                if (KNOWN_ARCH.contains(arch[0])) {
                    return new Platform(arch[0], host().os, null, List.of(), arch[1], Map.of());
                }
                throw new IllegalArgumentException("invalid platform \"" + specifier
                        + "\": unknown operating system or architecture");
            }
            case 2 -> {
                String[] arch = normalizeArch(parts[1], "");
                if (arch[0].equals("arm") && arch[1].equals("v7")) {
                    arch[1] = "";
                }
                return new Platform(arch[0], os, osVersion, features, arch[1], Map.of());
            }
            default -> {
                String[] arch = normalizeArch(parts[1], parts[2]);
                if (arch[0].equals("arm64") && arch[1].isEmpty()) {
                    arch[1] = "v8";
                }
                return new Platform(arch[0], os, osVersion, features, arch[1], Map.of());
            }
        }
    }

    /** The platform of this machine, as docker's default: e.g. {@code linux/amd64}, {@code linux/arm64/v8}. */
    public static Platform host() {
        return fromJava(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    /** Maps Java's {@code os.name}/{@code os.arch} to OCI names. */
    static Platform fromJava(String osName, String osArch) {
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
        return new Platform(normalized[0], os, null, List.of(), variant, Map.of());
    }

    /**
     * The normalized form used for comparison: lowercase, aliases resolved, defaults made explicit or
     * removed as containerd does ({@code arm64/v8} and {@code arm64} are equal, {@code arm} is {@code arm/v7}),
     * os.features sorted and unique.
     */
    public Platform normalize() {
        String[] arch = normalizeArch(architecture == null ? "" : architecture, variant == null ? "" : variant);
        List<String> features = new ArrayList<>(new TreeSet<>(osFeatures));
        return new Platform(arch[0], normalizeOs(os == null ? "" : os), osVersion, features, arch[1], extra);
    }

    /** {@code os/arch[/variant]}, as docker prints platforms. */
    public String format() {
        if (os == null || os.isEmpty()) {
            return "unknown";
        }
        StringBuilder sb = new StringBuilder(os);
        if (architecture != null && !architecture.isEmpty()) {
            sb.append('/').append(architecture);
        }
        if (variant != null) {
            sb.append('/').append(variant);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return format();
    }

    static String normalizeOs(String os) {
        String lower = os.toLowerCase(Locale.ROOT);
        return lower.equals("macos") ? "darwin" : lower;
    }

    /** containerd's normalizeArch: returns {arch, variant} with "" for no variant. */
    static String[] normalizeArch(String architecture, String variantIn) {
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
            return null;
        }
        return s.contains("%") ? URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8) : s;
    }
}
