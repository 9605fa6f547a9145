package io.jbuild.core.image;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.jbuild.grammar.platform.PlatformSpecifier;
import java.util.List;
import java.util.Map;

/**
 * The platform an image runs on, as OCI descriptors and configs carry it. Parsing and normalization are
 * grammar's {@link PlatformSpecifier} (containerd's rules), which the linter's platform ARGs use too.
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
     * Parses {@code os[/arch[/variant]]}, {@code arch} alone, or {@code os(version+feature)/arch} by containerd's
     * rules ({@link PlatformSpecifier#parse}).
     *
     * @throws IllegalArgumentException naming the specifier and the offending part
     */
    public static Platform parse(String specifier) {
        return of(PlatformSpecifier.parse(specifier), Map.of());
    }

    /** The platform of this machine, as docker's default: e.g. {@code linux/amd64}, {@code linux/arm64/v8}. */
    public static Platform host() {
        return of(PlatformSpecifier.host(), Map.of());
    }

    private static Platform of(PlatformSpecifier s, Map<String, JsonNode> extra) {
        return new Platform(s.architecture(), s.os(), s.osVersion(), s.osFeatures(), s.variant(), extra);
    }

    /** The fields a user names a platform by (without {@link #extra}), where its parsing and normalization live. */
    public PlatformSpecifier specifier() {
        return new PlatformSpecifier(os, architecture, variant, osVersion, osFeatures);
    }

    /**
     * The normalized form used for comparison ({@link PlatformSpecifier#normalize}): {@code arm64/v8} and
     * {@code arm64} are equal, {@code arm} is {@code arm/v7}; unknown fields are kept.
     */
    public Platform normalize() {
        return of(specifier().normalize(), extra);
    }

    /** {@code os/arch[/variant]}, as docker prints platforms. */
    public String format() {
        return specifier().format();
    }

    @Override
    public String toString() {
        return format();
    }
}
