package io.jbuild.core.plan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a build is asked for besides the Dockerfile.
 *
 * @param buildArgs      {@code --build-arg} values (see {@link BuildArgs#parse})
 * @param target         the stage to build; the last stage when empty
 * @param targetPlatform the platform of the image built
 * @param buildPlatform  the platform the build runs on
 * @param baseImageEnv   the ENV of a base image, by reference; build steps then see it (the engine supplies the real
 *                       configs; planning alone knows none)
 * @param baseImageOnBuild the ONBUILD triggers of a base image, by reference; they run right after its FROM
 */
public record PlanOptions(Map<String, String> buildArgs, Optional<String> target, PlatformSpec targetPlatform,
                          PlatformSpec buildPlatform, Function<String, List<String>> baseImageEnv,
                          Function<String, List<String>> baseImageOnBuild) {

    public PlanOptions {
        buildArgs = Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
    }

    public static PlanOptions defaults() {
        return new PlanOptions(Map.of(), Optional.empty(), PlatformSpec.host(), PlatformSpec.host(), ref -> List.of(),
                ref -> List.of());
    }

    public PlanOptions withBuildArgs(Map<String, String> args) {
        return new PlanOptions(args, target, targetPlatform, buildPlatform, baseImageEnv, baseImageOnBuild);
    }

    public PlanOptions withTarget(String stage) {
        return new PlanOptions(buildArgs, Optional.ofNullable(stage), targetPlatform, buildPlatform, baseImageEnv, baseImageOnBuild);
    }

    public PlanOptions withTargetPlatform(PlatformSpec platform) {
        return new PlanOptions(buildArgs, target, platform, buildPlatform, baseImageEnv, baseImageOnBuild);
    }

    public PlanOptions withBaseImageEnv(Function<String, List<String>> env) {
        return new PlanOptions(buildArgs, target, targetPlatform, buildPlatform, env, baseImageOnBuild);
    }

    public PlanOptions withBaseImageOnBuild(Function<String, List<String>> triggers) {
        return new PlanOptions(buildArgs, target, targetPlatform, buildPlatform, baseImageEnv, triggers);
    }
}
