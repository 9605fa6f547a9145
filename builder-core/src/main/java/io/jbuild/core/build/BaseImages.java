package io.jbuild.core.build;

import io.jbuild.core.image.ContainerConfig;
import io.jbuild.core.image.Descriptor;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.core.image.Platform;
import io.jbuild.core.image.NoMatchingPlatformException;
import io.jbuild.core.image.PlatformMatcher;
import io.jbuild.core.registry.ImagePuller;
import io.jbuild.core.registry.RegistryOptions;
import io.jbuild.core.registry.TransferListener;
import io.jbuild.core.plan.BaseImageConfig;
import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.ResolvedImage;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The images one build starts from or copies from: found in the store, else pulled once (with {@code --pull},
 * always), as docker build does. Failures are remembered, not retried; stages building at the same time share it.
 *
 * <p>Each image is resolved for a platform: a stage's own ({@code FROM --platform}) or the build's. A tag that
 * names an index gives that platform's manifest, or an error naming the platforms the index has. In one platform's
 * build of a multi-platform one, a tag naming another platform's image is not used: that platform's image is taken
 * from the registry index the tag's image was pulled from, when the store holds it ({@link
 * ImageStore#pulledSibling}), else fetched from the registry without moving the tag (which a pull names only when
 * the store has no such tag).
 */
final class BaseImages {

    /** An image that is neither in the store nor pullable; the message says why. */
    static final class Missing extends RuntimeException {
        Missing(String message) {
            super(message);
        }
    }

    private final ImageStore store;
    private final BuildRequest request;
    private final BuildListener listener;
    private final Platform platform;
    private final boolean multiPlatform;
    private final Map<String, ResolvedImage> resolved = new HashMap<>();
    private final Map<String, String> pullFailures = new HashMap<>();

    /**
     * @param platform      the platform of the image built (stages without {@code FROM --platform} build for it)
     * @param multiPlatform this build is one platform's of several: an image of another platform is not used
     */
    BaseImages(ImageStore store, BuildRequest request, BuildListener listener, Platform platform,
               boolean multiPlatform) {
        this.store = store;
        this.request = request;
        this.listener = listener;
        this.platform = platform;
        this.multiPlatform = multiPlatform;
    }

    /**
     * The image for the build's platform.
     *
     * @throws Missing when the image is not in the store and could not be pulled
     */
    ResolvedImage resolve(String ref) throws IOException {
        return resolve(ref, platform);
    }

    /**
     * The image for {@code wanted}.
     *
     * @throws Missing when the image is not in the store and could not be pulled, or has no such platform
     */
    synchronized ResolvedImage resolve(String ref, Platform wanted) throws IOException {
        String key = ref + " " + wanted.format();
        ResolvedImage cached = resolved.get(key);
        if (cached != null) {
            return cached;
        }
        String failed = pullFailures.get(key);
        if (failed != null) {
            throw new Missing(failed);
        }
        ImageReference reference = ImageReference.parse(ref);
        PlatformMatcher matcher = PlatformMatcher.of(wanted);
        Optional<Descriptor> found = store.lookup(reference);
        ResolvedImage image = null;
        if (found.isPresent() && !request.pull()) {
            try {
                image = store.resolve(reference, found.get(), matcher);
            } catch (NoMatchingPlatformException e) {
                throw new Missing("image " + reference + ": " + e.getMessage());
            }
            if (multiPlatform && !matcher.matches(image.config().platform())) {
                // another platform's image under this tag: this platform's from the index it was pulled from, if
                // the store holds it (a rebuild needs no registry), else from the registry
                image = reference.hasTag() && !reference.hasDigest()
                        ? store.pulledSibling(reference, matcher).orElse(null) : null;
            }
        }
        if (image == null) {
            image = pull(reference, wanted, matcher, key, found);
        }
        resolved.put(key, image);
        return image;
    }

    private ResolvedImage pull(ImageReference reference, Platform wanted, PlatformMatcher matcher, String key,
                               Optional<Descriptor> found) throws IOException {
        boolean name = !multiPlatform || found.isEmpty();
        Descriptor pulled;
        try {
            listener.pulling(reference + (multiPlatform ? " (" + wanted.format() + ")" : ""));
            RegistryOptions options = request.registries().options(reference.registry());
            Set<String> insecure = new HashSet<>(options.insecureRegistries());
            insecure.addAll(request.insecureRegistries());
            ImagePuller puller = new ImagePuller(store, options.withInsecureRegistries(insecure)
                    .withPlatform(matcher));
            TransferListener quiet = new TransferListener() { };
            pulled = (name ? puller.pull(reference, quiet) : puller.fetch(reference, quiet)).manifest();
        } catch (IOException e) {
            String has = found.isPresent() && multiPlatform ? " (the local store has it for "
                    + platformOf(reference, found.get()) + " only)" : "";
            String message = "image " + reference + (multiPlatform ? " for " + wanted.format() : "")
                    + " is not in the local store" + has + " and could not be pulled: " + e.getMessage();
            pullFailures.put(key, message);
            throw new Missing(message);
        }
        if (!name) {
            return store.resolve(reference, pulled, matcher);
        }
        Optional<Descriptor> tagged = store.lookup(reference);
        if (tagged.isEmpty()) {
            throw new Missing("image " + reference + " was pulled but is not in the store");
        }
        return store.resolve(reference, tagged.get(), matcher);
    }

    private String platformOf(ImageReference reference, Descriptor found) {
        try {
            return store.resolve(reference, found).config().platform().format();
        } catch (IOException | RuntimeException e) {
            return "another platform";
        }
    }

    /**
     * What planning reads of a base image's config, for the platform of the stages that use it (the build's when
     * empty): its ENV and ONBUILD triggers. A missing image (or a platform that is not valid) plans with none and
     * fails when its stage is built, with its location.
     */
    BaseImageConfig config(String ref, Optional<String> stagePlatform) throws IOException {
        ContainerConfig c;
        try {
            c = resolve(ref, stagePlatform.isEmpty() ? platform : Platform.parse(stagePlatform.get())).config().config();
        } catch (Missing | IllegalArgumentException e) {
            return BaseImageConfig.NONE;
        }
        return c == null ? BaseImageConfig.NONE : new BaseImageConfig(c.env(), c.onBuild());
    }
}
