package io.jbuild.core.plan;

import io.jbuild.core.image.Platform;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The ARGs Docker defines by itself for every build: the build and target platforms and the target stage. */
final class PlatformArgs {

    static final List<String> NAMES = List.of("BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT",
            "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT", "TARGETSTAGE");

    private PlatformArgs() {
    }

    /** BuildKit fills the ARGs from the normalized platforms: {@code arm64} has no TARGETVARIANT, {@code arm} v7. */
    static Map<String, String> of(Platform targetPlatform, Platform buildPlatform, String targetStage) {
        Platform target = targetPlatform.normalize();
        Platform build = buildPlatform.normalize();
        Map<String, String> args = new LinkedHashMap<>();
        args.put("BUILDPLATFORM", build.format());
        args.put("BUILDOS", build.os());
        args.put("BUILDARCH", build.architecture());
        args.put("BUILDVARIANT", build.variant() == null ? "" : build.variant());
        args.put("TARGETPLATFORM", target.format());
        args.put("TARGETOS", target.os());
        args.put("TARGETARCH", target.architecture());
        args.put("TARGETVARIANT", target.variant() == null ? "" : target.variant());
        args.put("TARGETSTAGE", targetStage.isEmpty() ? "default" : targetStage);
        return args;
    }
}
