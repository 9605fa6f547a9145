package io.jbuild.core.build;

import io.jbuild.core.buildcache.CacheTarget;
import io.jbuild.core.buildcache.InlineCache;
import io.jbuild.core.image.Descriptor;
import io.jbuild.core.image.ImageManifest;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.core.store.ImageStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The last step of a build: the target stage's image (with {@code --label}s) stored as config and manifest, then
 * tagged. When every layer came from the cache, the image is the one made last time: same ID, as docker gives.
 */
final class ImageCommit {

    private final ImageStore store;
    private final StepCache cache;

    ImageCommit(ImageStore store, StepCache cache) {
        this.store = store;
        this.cache = cache;
    }

    /** Stores the target stage's image (or finds it made so last time); returns its manifest, not tagged. */
    Descriptor store(StageOutcome target, BuildSession cx) throws IOException {
        BuildRequest request = cx.request();
        ImageState image = target.image();
        image.labels.putAll(request.labels());
        StepKey imageKey = target.key().image(request.labels(), cx.platform(), request.sourceDateEpoch(),
                image.config(null).history().size());
        // An inline cache is part of the config, which the image made last time may lack: it is made anew.
        boolean inline = request.cacheTo().stream().anyMatch(t -> t instanceof CacheTarget.Inline);
        Optional<Descriptor> reused = request.noCache() || inline || cx.layers().written() > 0 ? Optional.empty()
                : cache.image(imageKey.hex()).filter(this::complete);
        Descriptor manifest = reused.isPresent() ? reused.get() : store.putImage(inline
                ? InlineCache.embed(image.config(cx.now()), cache.steps(), image.layers)
                : image.config(cx.now()), image.layers);
        if (reused.isEmpty()) {
            cache.putImage(imageKey.hex(), manifest);
        }
        return manifest;
    }

    /** Tags {@code manifest} (an image or an index) with the request's tags; untagged, it is kept as {@code <none>}. */
    static List<String> tag(ImageStore store, BuildRequest request, Descriptor manifest) throws IOException {
        List<String> tags = new ArrayList<>();
        for (String tag : request.tags()) {
            ImageReference ref = ImageReference.parse(tag);
            store.tag(ref, manifest);
            tags.add(ref.toString());
        }
        if (tags.isEmpty()) {
            store.addUnnamed(manifest); // listed as <none>, as docker lists an untagged build
        }
        return tags;
    }

    /** The manifest and everything it names are still in the store. */
    private boolean complete(Descriptor manifest) {
        try {
            if (!store.blobs().has(manifest.digest())) {
                return false;
            }
            ImageManifest m = (ImageManifest) store.readManifest(manifest);
            return store.blobs().has(m.config().digest()) && m.layers().stream().allMatch(l -> store.blobs().has(l.digest()));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
