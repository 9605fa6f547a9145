package io.jbuild.core.plan;

import io.jbuild.core.image.Platform;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a build is asked for besides the Dockerfile.
 *
 * @param buildArgs      {@code --build-arg} values (see {@link BuildArgs#parse})
 * @param target         the stage to build; the last stage when empty
 * @param targetPlatform the platform of the image built
 * @param buildPlatform  the platform the build runs on
 * @param baseImages     the configs of base images, by reference as the FROM names it (expanded), resolved before
 *                       planning (see {@link BuildPlanner#baseImages}); an image not here plans with no ENV and no
 *                       triggers (planning alone knows none)
 */
public record PlanOptions(Map<String, String> buildArgs, Optional<String> target, Platform targetPlatform,
                          Platform buildPlatform, Map<String, BaseImageConfig> baseImages) {

    public PlanOptions {
        buildArgs = Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
        baseImages = Map.copyOf(baseImages);
    }

    public static PlanOptions defaults() {
        return new PlanOptions(Map.of(), Optional.empty(), Platform.host(), Platform.host(), Map.of());
    }

    /**
     * The options a command line gives: {@code --build-arg} words ({@code KEY} alone takes its value from
     * {@code env}), {@code --target} and {@code --platform} (null when not given).
     *
     * @throws PlanException           naming a build arg that is not valid (its problem's code: {@code argument})
     * @throws IllegalArgumentException naming a platform that is not valid
     */
    public static PlanOptions fromArguments(List<String> buildArgs, Map<String, String> env, String target,
                                            String platform) throws PlanException {
        PlanOptions options = defaults().withBuildArgs(BuildArgs.parse(buildArgs, env)).withTarget(target);
        return platform == null ? options : options.withTargetPlatform(Platform.parse(platform));
    }

    /** The config planning uses for the image {@code reference}. */
    public BaseImageConfig baseImage(String reference) {
        return baseImages.getOrDefault(reference, BaseImageConfig.NONE);
    }

    public PlanOptions withBuildArgs(Map<String, String> args) {
        return new PlanOptions(args, target, targetPlatform, buildPlatform, baseImages);
    }

    public PlanOptions withTarget(String stage) {
        return new PlanOptions(buildArgs, Optional.ofNullable(stage), targetPlatform, buildPlatform, baseImages);
    }

    public PlanOptions withTargetPlatform(Platform platform) {
        return new PlanOptions(buildArgs, target, platform, buildPlatform, baseImages);
    }

    public PlanOptions withBaseImages(Map<String, BaseImageConfig> configs) {
        return new PlanOptions(buildArgs, target, targetPlatform, buildPlatform, configs);
    }
}
