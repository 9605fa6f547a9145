package io.jbuild.grammar.scope;

import io.jbuild.grammar.platform.PlatformSpecifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The ARGs Docker defines by itself for every build: the build and target platforms and the target stage. */
public final class PlatformArgs {

    public static final List<String> NAMES = List.of(
            "BUILDPLATFORM", "BUILDOS", "BUILDOSVERSION", "BUILDARCH", "BUILDVARIANT",
            "TARGETPLATFORM", "TARGETOS", "TARGETOSVERSION", "TARGETARCH", "TARGETVARIANT", "TARGETSTAGE");

    private PlatformArgs() {
    }

    /**
     * BuildKit fills the ARGs from the normalized platforms: {@code arm64} has no TARGETVARIANT, {@code arm} is v7;
     * an empty {@code targetStage} (the last stage, unnamed) is {@code default}.
     */
    public static Map<String, String> of(PlatformSpecifier targetPlatform, PlatformSpecifier buildPlatform,
                                         String targetStage) {
        PlatformSpecifier target = targetPlatform.normalize();
        PlatformSpecifier build = buildPlatform.normalize();
        Map<String, String> args = new LinkedHashMap<>();
        args.put("BUILDPLATFORM", build.format());
        args.put("BUILDOS", build.os());
        args.put("BUILDOSVERSION", build.osVersion());
        args.put("BUILDARCH", build.architecture());
        args.put("BUILDVARIANT", build.variant());
        args.put("TARGETPLATFORM", target.format());
        args.put("TARGETOS", target.os());
        args.put("TARGETOSVERSION", target.osVersion());
        args.put("TARGETARCH", target.architecture());
        args.put("TARGETVARIANT", target.variant());
        args.put("TARGETSTAGE", targetStage.isEmpty() ? "default" : targetStage);
        return args;
    }
}
