package io.jbuild.core.plan;

import java.util.Locale;

/**
 * The os/architecture/variant triple behind the automatic platform args (TARGETPLATFORM, BUILDARCH, ...).
 */
public record PlatformSpec(String os, String architecture, String variant) {

    /** Parses {@code os/arch[/variant]}, normalising the common architecture aliases. */
    public static PlatformSpec parse(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("/");
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException("invalid platform \"" + text + "\": expected os/arch[/variant], e.g. linux/amd64");
        }
        String arch = switch (parts[1]) {
            case "x86_64", "x86-64" -> "amd64";
            case "aarch64" -> "arm64";
            case "i386", "i686" -> "386";
            default -> parts[1];
        };
        String variant = parts.length == 3 ? parts[2] : "";
        if (arch.equals("arm64") && variant.equals("v8")) {
            variant = ""; // containerd's normal form of arm64 leaves the default variant out
        }
        return new PlatformSpec(parts[0], arch, variant);
    }

    /** The platform this JVM runs on. */
    public static PlatformSpec host() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("windows") ? "windows" : "linux";
        return parse(os + "/" + System.getProperty("os.arch"));
    }

    public String format() {
        return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
    }
}
