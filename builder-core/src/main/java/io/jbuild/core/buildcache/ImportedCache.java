package io.jbuild.core.buildcache;

import io.jbuild.core.exec.CacheMountSeed;
import io.jbuild.core.image.Descriptor;
import io.jbuild.core.image.ImageIndex;
import io.jbuild.core.image.ImageManifest;
import io.jbuild.core.image.Manifest;
import io.jbuild.core.image.MediaTypes;
import io.jbuild.core.image.Platform;
import io.jbuild.core.image.PlatformMatcher;
import io.jbuild.core.layer.LayerApplier;
import io.jbuild.core.layer.LayerStream;
import io.jbuild.core.registry.RegistryAccess;
import io.jbuild.core.store.BlobStore;
import io.jbuild.core.store.ImageStore;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.grammar.reference.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The records of the {@code --cache-from} sources, read when the build starts: only each source's manifest and
 * cache config are read then. A layer blob is fetched into the store when it is needed, and its diff ID checked
 * against the record's (by decompressing it) before anything reads it: a record that lies about its layer is a
 * miss, never a wrong layer. Every failure (an unreachable source, a corrupt config, a blob that is
 * missing or does not match) is a warning, and the steps it concerns run. Thread-safe: stages look up at once.
 *
 * <p>A build that stores its image ({@link #fetchingWhenNeeded}) takes a hit on trust and fetches its blob only when
 * a step reads it ({@link #fetchLeft}) or once the steps are over, for the image's layers, a few at once in the
 * background ({@link #fetchNeeded}); it confirms every hit it took before it writes anything of its result
 * ({@link #confirmTaken}), and builds again, those records now misses, when one was refused.
 */
public final class ImportedCache implements AutoCloseable {

    /** No sources: every lookup misses. */
    public static final ImportedCache NONE = new ImportedCache(Map.of(), Map.of(), List.of(), w -> { },
            Long.MAX_VALUE, false, false);

    /** Blobs fetched at once, as a pull fetches an image's. */
    private static final int PARALLEL_FETCHES = 4;

    private record Entry(CachedLayer layer, CacheLocation from, String source) {
    }

    private final Map<String, Entry> records;
    /** The sources' cache mounts by id (the first source holding an id wins). */
    private final Map<String, Entry> mounts;
    private final List<CacheLocation> locations;
    private final Consumer<String> warn;
    private final long maxLayerBytes;
    /** Whether a hit's blob stays where it is until something reads it ({@link #leavingBlobs()}). */
    private final boolean leaving;
    /** Whether a left blob refused when read is a rebuild ({@link #confirmTaken}) rather than the build's end. */
    private final boolean trusting;
    /** Layers checked (true) or refused (false), by blob digest. */
    private final Map<Digest, CompletableFuture<Boolean>> verdicts = new ConcurrentHashMap<>();
    /** The hits whose blob was left where it is, by blob digest. */
    private final Map<Digest, Entry> left = new ConcurrentHashMap<>();
    /** The blobs of hits taken before their check ended, since the last {@link #confirmTaken}. */
    private final Map<Digest, Boolean> taken = new ConcurrentHashMap<>();
    /** Fetches and checks hits' blobs in the background; made on the first such hit, ended by {@link #close}. */
    private ExecutorService fetchers;

    private ImportedCache(Map<String, Entry> records, Map<String, Entry> mounts, List<CacheLocation> locations,
                          Consumer<String> warn, long maxLayerBytes, boolean leaving, boolean trusting) {
        this.records = records;
        this.mounts = mounts;
        this.locations = locations;
        this.warn = warn;
        this.maxLayerBytes = maxLayerBytes;
        this.leaving = leaving;
        this.trusting = trusting;
    }

    /**
     * The same records, whose hits leave their blob in the cache: for a build whose image is only pushed, the
     * record's descriptor and diff ID make the image, and the blob is fetched only when a step reads the layer
     * ({@link #fetchLeft}) or the push cannot mount it ({@link #fetchUnmountable}). Use this one instead of the
     * original, and close it.
     */
    public ImportedCache leavingBlobs() {
        return new ImportedCache(records, mounts, locations, warn, maxLayerBytes, true, false);
    }

    /**
     * The same records, whose hits leave their blob in the cache until it is needed, for a build that stores its
     * image: a step reads the layer ({@link #fetchLeft}), or the image or a {@code --cache-to} holds it
     * ({@link #fetchNeeded}); so a builder stage's hit no step reads is never downloaded. A hit refused when read is
     * taken back as those checked in the background are ({@link #confirmTaken}). Use this one instead of the
     * original, and close it.
     */
    public ImportedCache fetchingWhenNeeded() {
        return new ImportedCache(records, mounts, locations, warn, maxLayerBytes, true, true);
    }

    /**
     * Starts fetching and checking, in the background, the blobs hits left in their cache that {@code needed} names
     * (the image's layers) or a {@code --cache-to} of {@code cacheTo} cannot take from where they are; their
     * verdicts are {@link #confirmTaken}'s.
     */
    public void fetchNeeded(Set<Digest> needed, List<CacheTarget> cacheTo, BlobStore store) {
        for (Map.Entry<Digest, Entry> l : left.entrySet()) {
            if (needed.contains(l.getKey()) || !mountable(l.getValue(), List.of(), cacheTo)) {
                verdictInBackground(l.getValue(), store);
            }
        }
    }

    /**
     * Starts fetching and checking, in the background, the blob of a hit left in its cache that the image will hold
     * (a hit of the target stage, or of a stage under it) as soon as the hit is taken, not once the steps are over
     * ({@link #fetchNeeded}); nothing for an image only pushed, or a blob not left.
     */
    public void fetchEarly(Digest blob, BlobStore store) {
        Entry e = trusting ? left.get(blob) : null;
        if (e != null) {
            verdictInBackground(e, store);
        }
    }

    /**
     * Reads each source's manifest and config; the first source holding a key wins.
     *
     * @param options       how each registry is reached (credentials as for a pull from it)
     * @param warn          told of each source that cannot be read, and why
     * @param platform      the build's: an image's inline cache is read from its manifest for it
     * @param maxLayerBytes the most uncompressed bytes a layer may hold when its diff ID is checked
     */
    public static ImportedCache load(List<CacheSource> sources, RegistryAccess options, Platform platform,
                                     Consumer<String> warn, long maxLayerBytes) {
        return load(sources, options, platform, warn, CacheProgress.SILENT, maxLayerBytes);
    }

    /** As {@link #load(List, RegistryAccess, Platform, Consumer, long)}, reporting each source read to {@code progress}. */
    public static ImportedCache load(List<CacheSource> sources, RegistryAccess options, Platform platform,
                                     Consumer<String> warn, CacheProgress progress, long maxLayerBytes) {
        Map<String, Entry> records = new HashMap<>();
        Map<String, Entry> mounts = new HashMap<>();
        List<CacheLocation> locations = new ArrayList<>();
        for (CacheSource source : sources) {
            long started = System.nanoTime();
            try {
                CacheLocation location = source instanceof CacheSource.Registry r
                        ? new RegistryCache(r.ref(), options.options(r.ref().registry()), false)
                        : new LocalCache(((CacheSource.Local) source).src(), ((CacheSource.Local) source).tag(),
                        ((CacheSource.Local) source).digest());
                locations.add(location);
                CacheConfig.Contents contents = read(location, platform, s -> warn.accept(
                        "importing cache from " + source + ": " + s));
                contents.steps().forEach((key, layer) -> records.putIfAbsent(key,
                        new Entry(layer, location, source.toString())));
                contents.mounts().forEach((id, layer) -> mounts.putIfAbsent(id,
                        new Entry(layer, location, source.toString())));
                progress.task("importing cache manifest from " + source, List.of(contents.steps().size()
                        + " records" + (contents.mounts().isEmpty() ? "" : ", cache mounts "
                        + String.join(" ", contents.mounts().keySet()))), Duration.ofNanos(System.nanoTime() - started));
            } catch (IOException | RuntimeException e) {
                warn.accept("importing cache from " + source + ": " + e.getMessage() + "; building without it");
            }
        }
        return new ImportedCache(records, mounts, locations, warn, maxLayerBytes, false, false);
    }

    /**
     * The records of one cache: its manifest (or BuildKit's index form), then its config, bounded and checked; or,
     * for an image (an index: the one for {@code platform}), the inline cache in its config.
     */
    static CacheConfig.Contents read(CacheLocation location, Platform platform, Consumer<String> warn)
            throws IOException {
        CacheLocation.Document doc = location.manifest();
        Manifest m = Manifest.parse(doc.bytes(), doc.mediaType());
        if (m instanceof ImageIndex index && index.manifests().stream()
                .noneMatch(d -> CacheConfig.MEDIA_TYPE.equals(d.mediaType()))) {
            Descriptor chosen = PlatformMatcher.of(platform).select(index);
            m = Manifest.parse(location.manifest(chosen.digest()).bytes(), chosen.mediaType());
        }
        Descriptor config = null;
        List<Descriptor> layers = new ArrayList<>();
        if (m instanceof ImageManifest im) {
            config = im.config();
            layers.addAll(im.layers());
        } else {
            for (Descriptor d : ((ImageIndex) m).manifests()) {
                if (CacheConfig.MEDIA_TYPE.equals(d.mediaType())) {
                    config = d;
                } else {
                    layers.add(d);
                }
            }
        }
        Map<Digest, Descriptor> blobs = new HashMap<>();
        layers.forEach(l -> blobs.putIfAbsent(l.digest(), l));
        if (config != null && MediaTypes.isConfig(config.mediaType())) {
            if (config.size() > ImageStore.MAX_CONFIG_SIZE) {
                throw new IOException("image config " + config.digest() + " is " + config.size()
                        + " bytes, more than the " + ImageStore.MAX_CONFIG_SIZE + " allowed");
            }
            return new CacheConfig.Contents(InlineCache.read(configBytes(location, config), layers, warn), Map.of());
        }
        if (config == null || !CacheConfig.MEDIA_TYPE.equals(config.mediaType())) {
            throw new IOException("not a build cache (no config of media type " + CacheConfig.MEDIA_TYPE + ")");
        }
        if (config.size() > CacheConfig.MAX_SIZE) {
            throw new IOException("cache config " + config.digest() + " is " + config.size()
                    + " bytes, more than the " + CacheConfig.MAX_SIZE + " allowed");
        }
        return CacheConfig.read(configBytes(location, config), blobs, warn);
    }

    /** The config's bytes, checked against its descriptor. */
    private static byte[] configBytes(CacheLocation location, Descriptor config) throws IOException {
        byte[] bytes = location.read(config);
        if (bytes.length != config.size() || !Digest.of(bytes).equals(config.digest())) {
            throw new IOException("cache config does not match its digest " + config.digest());
        }
        return bytes;
    }

    /**
     * What fills an empty cache mount before its first step: the contents a source exported for its id, fetched
     * into {@code store}, unpacked as an archive that cannot write outside the mount (entries climbing out, through
     * symlinks included, are refused: {@link LayerApplier}), and checked against the record's diff ID. Any failure
     * is a warning and the mount starts empty.
     */
    public CacheMountSeed mountSeed(BlobStore store) {
        if (mounts.isEmpty()) {
            return CacheMountSeed.NONE;
        }
        return (id, dir) -> {
            Entry e = mounts.get(id);
            if (e == null) {
                return false;
            }
            Descriptor blob = e.layer().descriptor();
            try {
                fetch(e, store);
                String diffId;
                try (InputStream in = store.openVerified(blob.digest())) {
                    diffId = new LayerApplier(maxLayerBytes, LayerApplier.Form.ARCHIVE).apply(in, dir);
                }
                if (!diffId.equals(e.layer().diffId().toString())) {
                    throw new IOException("its content's diff ID is " + diffId + ", not " + e.layer().diffId());
                }
                return true;
            } catch (IOException | RuntimeException ex) {
                warn.accept("importing cache from " + e.source() + ": cache mount " + id + " (" + blob.digest()
                        + ") cannot be used: " + ex.getMessage() + "; it starts empty");
                return false;
            }
        };
    }

    /**
     * The exported contents of cache mount {@code id}, their blob fetched into {@code store}, to export again when
     * this build did not use the mount (its steps all came from the cache); empty when no source has it.
     */
    public Optional<CachedLayer> mount(String id, BlobStore store) throws IOException {
        Entry e = mounts.get(id);
        if (e == null) {
            return Optional.empty();
        }
        fetch(e, store);
        return Optional.of(e.layer());
    }

    private static void fetch(Entry e, BlobStore store) throws IOException {
        if (!store.has(e.layer().descriptor().digest())) {
            e.from().fetch(e.layer().descriptor(), store);
        }
    }

    /**
     * The layer blobs of the records read from registry caches, by digest: the cache's reference, whose repository
     * a push to the same registry can mount them from instead of uploading them.
     */
    public Map<Digest, ImageReference> lenders() {
        Map<Digest, ImageReference> out = new HashMap<>();
        for (Entry e : records.values()) {
            if (!e.layer().empty() && e.from() instanceof RegistryCache r) {
                out.putIfAbsent(e.layer().descriptor().digest(), r.ref());
            }
        }
        return out;
    }

    /** How many records the sources hold. */
    public int size() {
        return records.size();
    }

    /**
     * The layer a step of {@code key} made on a machine that exported it, its blob now in {@code store}; empty when
     * no source has it, or it could not be fetched or checked (warned once).
     */
    public Optional<CachedLayer> find(String key, BlobStore store) {
        Entry e = records.get(key);
        if (e == null) {
            return Optional.empty();
        }
        if (e.layer().empty()) {
            return Optional.of(CachedLayer.NONE);
        }
        Digest blob = e.layer().descriptor().digest();
        if (leaving && !verdicts.containsKey(blob) && !store.has(blob)) {
            left.putIfAbsent(blob, e);
            if (trusting) {
                taken.put(blob, Boolean.TRUE);
            }
            return Optional.of(e.layer());
        }
        return verdict(e, store) ? Optional.of(e.layer()) : Optional.empty();
    }

    /** Whether {@code blob} is a hit's whose check ended well (so the store holds it, and it is what it says). */
    public boolean checked(Digest blob) {
        CompletableFuture<Boolean> v = verdicts.get(blob);
        return v != null && v.isDone() && v.join();
    }

    /**
     * Waits for the checks of the hits taken on trust since the last call; false when one of them was refused (its
     * warning given): the build that took it must not keep anything it made, and builds again, that record a miss.
     */
    public boolean confirmTaken() {
        boolean good = true;
        for (Digest blob : List.copyOf(taken.keySet())) {
            CompletableFuture<Boolean> v = verdicts.get(blob);
            good &= v == null || v.join(); // none: left where it is, never read (nor in the image)
            taken.remove(blob);
        }
        return good;
    }

    /** The blob's verdict, started in the background if no stage asked for it before. */
    private CompletableFuture<Boolean> verdictInBackground(Entry e, BlobStore store) {
        CompletableFuture<Boolean> verdict = new CompletableFuture<>();
        CompletableFuture<Boolean> first = verdicts.putIfAbsent(e.layer().descriptor().digest(), verdict);
        if (first != null) {
            return first;
        }
        try {
            fetchers().execute(() -> {
                try {
                    verdict.complete(fetchAndCheck(e, store));
                } finally {
                    verdict.complete(false);
                }
            });
        } catch (RuntimeException ex) { // rejected: the cache is closed
            verdict.complete(false);
        }
        return verdict;
    }

    private synchronized ExecutorService fetchers() {
        if (fetchers == null) {
            fetchers = Executors.newFixedThreadPool(PARALLEL_FETCHES, r -> {
                Thread t = new Thread(r, "jbuild-cache-fetch");
                t.setDaemon(true); // a fetch stuck in a socket read must not keep the JVM alive
                return t;
            });
        }
        return fetchers;
    }

    /** Fetches (once per blob: a stage asking for a blob another is fetching waits) and checks the layer. */
    private boolean verdict(Entry e, BlobStore store) {
        CompletableFuture<Boolean> verdict = new CompletableFuture<>();
        CompletableFuture<Boolean> first = verdicts.putIfAbsent(e.layer().descriptor().digest(), verdict);
        if (first == null) {
            try {
                verdict.complete(fetchAndCheck(e, store));
            } finally {
                verdict.complete(false); // an Error on the way: the waiting stages do not wait forever
            }
            first = verdict;
        }
        return first.join();
    }

    /**
     * Fetches a blob a hit left in its cache into {@code store} and checks its diff ID, now that a step reads the
     * layer, or waits for the check of one being fetched in the background; false when {@code blob} is not one of
     * those.
     *
     * @throws IOException when it cannot be fetched or is not what its record said: a step already used the
     *                     record, so the build cannot go on (a build that took it on trust builds again)
     */
    public boolean fetchLeft(Digest blob, BlobStore store) throws IOException {
        Entry e = left.get(blob);
        if (e == null) {
            CompletableFuture<Boolean> pending = verdicts.get(blob);
            if (pending == null) {
                return false;
            }
            if (!pending.join()) {
                throw new IOException("layer " + blob + " of a --cache-from cache was refused (see the warning)");
            }
            return true;
        }
        if (!verdict(e, store)) {
            throw new IOException("layer " + blob + " of the cache " + e.source() + " was taken by a step before its"
                    + " blob was read, and cannot be used (see the warning); build again without that cache");
        }
        return true;
    }

    /**
     * Fetches the blobs hits left in their cache that the build's results cannot take from there without their
     * bytes: those of a cache on another registry than a tag pushed to, and, for a {@code --cache-to} other than
     * the cache's own repository (or the image's config: {@code type=inline}), every one.
     */
    public void fetchUnmountable(List<ImageReference> pushTo, List<CacheTarget> cacheTo, BlobStore store)
            throws IOException {
        for (Map.Entry<Digest, Entry> l : left.entrySet()) {
            if (!mountable(l.getValue(), pushTo, cacheTo)) {
                fetchLeft(l.getKey(), store);
            }
        }
    }

    private static boolean mountable(Entry e, List<ImageReference> pushTo, List<CacheTarget> cacheTo) {
        ImageReference lender = e.from() instanceof RegistryCache r ? r.ref() : null;
        return lender != null
                && pushTo.stream().allMatch(t -> t.registry().equals(lender.registry()))
                && cacheTo.stream().allMatch(t -> t instanceof CacheTarget.Inline
                || t instanceof CacheTarget.Registry c && c.ref().registry().equals(lender.registry())
                && c.ref().repository().equals(lender.repository()));
    }

    private boolean fetchAndCheck(Entry e, BlobStore store) {
        Descriptor blob = e.layer().descriptor();
        try {
            boolean fetched = !store.has(blob.digest());
            if (fetched) {
                e.from().fetch(blob, store);
            }
            Digest diffId = diffId(store, blob.digest(), fetched);
            if (!diffId.equals(e.layer().diffId())) {
                throw new IOException("its content's diff ID is " + diffId + ", not " + e.layer().diffId());
            }
            return true;
        } catch (IOException | RuntimeException ex) {
            warn.accept("importing cache from " + e.source() + ": layer " + blob.digest() + " cannot be used: "
                    + ex.getMessage() + "; the steps that made it run");
            return false;
        }
    }

    /**
     * The digest of the blob's uncompressed content, at most {@code maxLayerBytes} of it. A blob {@code fetched}
     * just now had its digest checked as the store wrote it: it is not digested again.
     */
    private Digest diffId(BlobStore store, Digest blob, boolean fetched) throws IOException {
        try (LayerStream in = LayerStream.open(fetched ? store.open(blob) : store.openVerified(blob))) {
            long total = 0;
            for (long n; (n = in.skip(1 << 20)) > 0; ) {
                total += n;
                if (total > maxLayerBytes) {
                    throw new IOException("it holds more than " + maxLayerBytes + " bytes uncompressed");
                }
            }
            return in.diffId();
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (fetchers != null) {
                fetchers.shutdownNow();
            }
        }
        for (CacheLocation l : locations) {
            try {
                l.close();
            } catch (IOException e) {
                // nothing is left to release that matters after the build
            }
        }
    }
}
