package io.jbuild.core.build;

import io.jbuild.core.image.ContainerConfig;
import io.jbuild.core.image.Descriptor;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.core.image.Platform;
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
    private final Map<String, ResolvedImage> resolved = new HashMap<>();
    private final Map<String, String> pullFailures = new HashMap<>();

    BaseImages(ImageStore store, BuildRequest request, BuildListener listener, Platform platform) {
        this.store = store;
        this.request = request;
        this.listener = listener;
        this.platform = platform;
    }

    /** @throws Missing when the image is not in the store and could not be pulled */
    synchronized ResolvedImage resolve(String ref) throws IOException {
        ResolvedImage cached = resolved.get(ref);
        if (cached != null) {
            return cached;
        }
        String failed = pullFailures.get(ref);
        if (failed != null) {
            throw new Missing(failed);
        }
        ImageReference reference = ImageReference.parse(ref);
        Optional<Descriptor> found = store.lookup(reference);
        if (found.isEmpty() || request.pull()) {
            try {
                listener.pulling(reference.toString());
                RegistryOptions options = request.registries().options(reference.registry());
                Set<String> insecure = new HashSet<>(options.insecureRegistries());
                insecure.addAll(request.insecureRegistries());
                new ImagePuller(store, options.withInsecureRegistries(insecure)
                        .withPlatform(PlatformMatcher.of(platform))).pull(reference, new TransferListener() { });
            } catch (IOException e) {
                String message = "image " + reference + " is not in the local store and could not be pulled: "
                        + e.getMessage();
                pullFailures.put(ref, message);
                throw new Missing(message);
            }
            found = store.lookup(reference);
            if (found.isEmpty()) {
                throw new Missing("image " + reference + " was pulled but is not in the store");
            }
        }
        ResolvedImage image = store.resolve(reference, found.get());
        resolved.put(ref, image);
        return image;
    }

    /**
     * What planning reads of a base image's config: its ENV and ONBUILD triggers. A missing image plans with none
     * and fails when its stage is built, with its location.
     */
    BaseImageConfig config(String ref) throws IOException {
        ContainerConfig c;
        try {
            c = resolve(ref).config().config();
        } catch (Missing | IllegalArgumentException e) {
            return BaseImageConfig.NONE;
        }
        return c == null ? BaseImageConfig.NONE : new BaseImageConfig(c.env(), c.onBuild());
    }
}
