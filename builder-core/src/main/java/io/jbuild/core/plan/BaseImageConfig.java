package io.jbuild.core.plan;

import java.util.List;

/**
 * What planning reads of a base image's config: the engine resolves the images first and passes this in, so a
 * plan is a function of the Dockerfile, the arguments and these alone.
 *
 * @param env     the image's ENV ({@code K=V}); build steps see it
 * @param onBuild the image's ONBUILD triggers; they run right after its FROM
 */
public record BaseImageConfig(List<String> env, List<String> onBuild) {

    /** An image planning knows nothing of (missing: its stage fails when built, with its location). */
    public static final BaseImageConfig NONE = new BaseImageConfig(List.of(), List.of());

    public BaseImageConfig {
        env = List.copyOf(env);
        onBuild = List.copyOf(onBuild);
    }
}
