package io.jbuild.core.buildcache;

import io.jbuild.core.image.Descriptor;
import io.jbuild.core.registry.RegistryAccess;
import io.jbuild.core.store.BlobStore;
import io.jbuild.grammar.reference.Digest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --cache-to}: the steps of a finished build written as a BuildKit cache container (see {@link CacheConfig}),
 * blobs first and the manifest last, so a reader of the tag sees the previous whole cache or the new one.
 */
public final class CacheExport {

    private CacheExport() {
    }

    /**
     * Exports the steps {@code target}'s mode selects.
     *
     * @param steps       every layer-making step of the build (key → what it made), in the order they ran
     * @param imageLayers the blobs of the built image: {@code mode=min} exports the steps that made them (and
     *                    those that made no layer, which cost nothing)
     * @param options     how each registry is reached (credentials as for a push to it)
     * @return how many records were written
     * @throws IOException naming the target and what failed
     */
    public static int export(CacheTarget target, Map<String, CachedLayer> steps, Set<Digest> imageLayers,
                             BlobStore store, RegistryAccess options) throws IOException {
        return export(target, steps, Map.of(), imageLayers, store, options, CacheProgress.SILENT);
    }

    /**
     * As {@link #export(CacheTarget, Map, Set, BlobStore, RegistryAccess)}, with the cache mounts {@code mounts}
     * (id → their files as a blob in {@code store}) of which the target names some ({@code mounts=ID}).
     */
    public static int export(CacheTarget target, Map<String, CachedLayer> steps, Map<String, CachedLayer> mounts,
                             Set<Digest> imageLayers, BlobStore store, RegistryAccess options,
                             CacheProgress progress) throws IOException {
        long started = System.nanoTime();
        Map<String, CachedLayer> chosen = select(steps, target.mode(), imageLayers);
        Map<String, CachedLayer> chosenMounts = new LinkedHashMap<>();
        for (String id : target.mounts()) {
            if (mounts.containsKey(id)) {
                chosenMounts.put(id, mounts.get(id));
            }
        }
        byte[] config = CacheConfig.write(chosen, chosenMounts);
        List<Descriptor> layers = CacheConfig.blobs(chosen, chosenMounts);
        byte[] manifest = CacheConfig.manifest(config, layers);
        if (target instanceof CacheTarget.Inline) {
            // written into the image's config as it was stored
            progress.task("preparing layers for inline cache", List.of(chosen.size() + " records"),
                    Duration.ofNanos(System.nanoTime() - started));
            return chosen.size();
        }
        try (CacheLocation location = target instanceof CacheTarget.Registry r
                ? new RegistryCache(r.ref(), options.options(r.ref().registry()), true)
                : new LocalCache(((CacheTarget.Local) target).dest(), ((CacheTarget.Local) target).tag(), null)) {
            location.write(store, layers, config, manifest);
        } catch (IOException | RuntimeException e) {
            throw new IOException("exporting cache to " + target + ": " + e.getMessage(), e);
        }
        // BuildKit's lines for the same work: what went, the manifest last.
        List<String> lines = new ArrayList<>();
        lines.add("preparing build cache for export done");
        for (Descriptor layer : layers) {
            lines.add("writing layer " + layer.digest() + " done");
        }
        lines.add("writing config " + Digest.of(config) + " done");
        lines.add("writing cache manifest " + Digest.of(manifest) + " done");
        progress.task(target instanceof CacheTarget.Registry ? "exporting cache to registry " + target
                : "exporting cache to client directory " + target, lines, Duration.ofNanos(System.nanoTime() - started));
        return chosen.size();
    }

    /** The steps {@code mode} exports: all, or those whose layer is in the image and those that made none. */
    static Map<String, CachedLayer> select(Map<String, CachedLayer> steps, CacheMode mode, Set<Digest> imageLayers) {
        Map<String, CachedLayer> chosen = new LinkedHashMap<>();
        steps.forEach((key, layer) -> {
            if (mode == CacheMode.MAX || layer.empty() || imageLayers.contains(layer.descriptor().digest())) {
                chosen.put(key, layer);
            }
        });
        return chosen;
    }
}
