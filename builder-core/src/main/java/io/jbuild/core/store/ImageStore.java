package io.jbuild.core.store;

import io.jbuild.core.image.Descriptor;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.image.ImageConfig;
import io.jbuild.core.image.ImageIndex;
import io.jbuild.core.image.ImageManifest;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.core.image.Manifest;
import io.jbuild.core.image.MediaTypes;
import io.jbuild.core.image.NoMatchingPlatformException;
import io.jbuild.core.image.OciJson;
import io.jbuild.core.image.PlatformMatcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The user's local image store: an OCI image layout under {@code <root>/oci} that skopeo and umoci read
 * directly ({@code skopeo inspect oci:<root>/oci:docker.io/library/hello:1.0}).
 *
 * <p>Tags are the {@code org.opencontainers.image.ref.name} annotations of {@code index.json}, holding the
 * full normalized reference. Blobs are content-addressed and written atomically (see {@link BlobStore});
 * {@code index.json} is replaced atomically under an exclusive lock ({@link StoreLock}), so concurrent
 * processes never lose each other's tags and readers never see a half-written index. Blobs no tag reaches
 * may remain after a crash; {@link #prune} removes them. The temporary files of blob writers killed mid-write are
 * removed when the store is next opened ({@link BlobStore#recover}).
 *
 * <p>Writers store blobs first, then {@link #tag} them; {@code tag} checks under the lock that every blob is
 * present, so a tag never points at an incomplete image even if a concurrent prune removed a blob in between.
 */
public final class ImageStore {

    /** The largest image config the store reads (docker's limit too). */
    public static final int MAX_CONFIG_SIZE = 8 * 1024 * 1024;

    private final StorePaths paths;
    private final BlobStore blobs;
    private final StoreLock lock;
    private final IndexFile index;
    private final ContentGraph graph;
    private final PlatformMatcher platform;
    private final PulledIndexes pulledIndexes;
    /** False when no platform was asked for: an index without this machine's then gives its only image. */
    private final boolean platformAsked;

    private ImageStore(Path root, PlatformMatcher platform, boolean platformAsked) throws IOException {
        this.paths = StorePaths.of(root);
        this.platform = platform;
        this.platformAsked = platformAsked;
        PrivateDirectories.secure(paths);
        Files.createDirectories(paths.blobs().resolve(Digest.SHA256));
        Files.createDirectories(paths.tmp());
        this.lock = StoreLock.of(paths.lockFile());
        this.blobs = new BlobStore(paths.blobs(), paths.tmp());
        this.index = new IndexFile(paths.indexFile(), paths.tmp(), lock);
        this.graph = new ContentGraph(blobs);
        this.pulledIndexes = new PulledIndexes(paths);
        initLayout();
        // What killed writers left in tmp/ (a half-downloaded layer can be gigabytes) goes at once, not at prune.
        blobs.recover();
    }

    /**
     * Opens (creating if needed) the store at {@code root}; images of multi-platform indexes are chosen for this
     * machine's platform, or, as docker chooses when no platform is asked for, an index without it gives the one
     * image it holds (several: an error naming their platforms).
     */
    public static ImageStore open(Path root) throws IOException {
        return new ImageStore(root.toAbsolutePath().normalize(), PlatformMatcher.host(), false);
    }

    /** Opens the store, choosing images of multi-platform indexes for {@code platform} (no other). */
    public static ImageStore open(Path root, PlatformMatcher platform) throws IOException {
        return new ImageStore(root.toAbsolutePath().normalize(), platform, true);
    }

    /** The store root ({@code --root}, {@code JBUILD_HOME} or {@code ~/.local/share/jbuild}). */
    public Path root() {
        return paths.root();
    }

    /** Where each of the store's directories is. */
    public StorePaths paths() {
        return paths;
    }

    /** The OCI image layout directory, for tools such as skopeo and umoci. */
    public Path layoutDir() {
        return paths.ociLayout();
    }

    public BlobStore blobs() {
        return blobs;
    }

    // ---- documents -------------------------------------------------------------------------------------

    /** Stores a model value as canonical JSON under {@code mediaType}. */
    public Descriptor putJson(String mediaType, Object model) throws IOException {
        return blobs.put(OciJson.write(model)).descriptor(mediaType);
    }

    /** Stores a manifest or index; the descriptor's media type is the document's (OCI if it has none). */
    public Descriptor putManifest(Manifest manifest) throws IOException {
        String mediaType = manifest.mediaType() != null ? manifest.mediaType()
                : manifest instanceof ImageIndex ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
        return putJson(mediaType, manifest);
    }

    /**
     * Stores a config and an OCI manifest of it and {@code layers} (already stored); returns the manifest's
     * descriptor with the config's platform, ready to {@link #tag}.
     */
    public Descriptor putImage(ImageConfig config, List<Descriptor> layers) throws IOException {
        Descriptor configDescriptor = putJson(MediaTypes.OCI_CONFIG, config);
        return putManifest(ImageManifest.oci(configDescriptor, layers)).withPlatform(config.platform());
    }

    /** Reads a manifest or index blob (checked against its digest). */
    public Manifest readManifest(Descriptor descriptor) throws IOException {
        return graph.read(descriptor);
    }

    /** Reads a config blob (checked against its digest). */
    public ImageConfig readConfig(Digest digest) throws IOException {
        return OciJson.read(blobs.readAll(digest, MAX_CONFIG_SIZE), ImageConfig.class);
    }

    /** The config blob's bytes exactly as stored (every field, as its author wrote it). */
    public byte[] readConfigBytes(Digest digest) throws IOException {
        return blobs.readAll(digest, MAX_CONFIG_SIZE);
    }

    // ---- tags ------------------------------------------------------------------------------------------

    /** The current {@code index.json}. */
    public ImageIndex index() throws IOException {
        return index.read();
    }

    /** What the tag points at, if it exists. */
    public Optional<Descriptor> lookup(ImageReference reference) throws IOException {
        String name = tagName(reference);
        // A loop, not a stream: on a push's path the stream's JDK lambdas would be the first to link (~10 ms).
        for (Descriptor d : index.read().manifests()) {
            if (d.refName().filter(name::equals).isPresent()) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /**
     * Points {@code reference} at {@code target} (a manifest or index already in the store), replacing what
     * the tag pointed at before.
     *
     * @throws IncompleteImageException if a blob of the image is missing
     * @throws IllegalArgumentException if {@code reference} has a digest (a digest cannot be a tag)
     */
    public void tag(ImageReference reference, Descriptor target) throws IOException {
        String name = tagName(reference);
        Descriptor entry = target.withAnnotation(Descriptor.REF_NAME, name);
        locked(() -> {
            graph.checkComplete(target);
            List<Descriptor> current = index.read().manifests();
            List<Descriptor> entries = new ArrayList<>();
            for (Descriptor d : current) {
                boolean sameName = d.refName().filter(name::equals).isPresent();
                // An unnamed entry of the same image ("<none>") is no longer needed once the image has a name.
                boolean unnamedCopy = d.refName().isEmpty() && d.digest().equals(target.digest());
                if (!sameName && !unnamedCopy) {
                    entries.add(d);
                }
            }
            entries.add(entry);
            if (entries.size() == current.size() && current.contains(entry)) {
                return null; // tagged so already (a rebuild with nothing changed): the index stays as it is
            }
            writeIndex(entries);
            return null;
        });
    }

    /**
     * {@code jbuild tag SOURCE TARGET}: gives the image found by {@code source} (reference or image ID) the
     * name {@code target}; returns the descriptor now tagged.
     */
    public Descriptor tag(String source, ImageReference target) throws IOException {
        ImageLookup.Match match = ImageLookup.find(source, entries());
        Descriptor d = match.entries().get(0).descriptor();
        Map<String, String> annotations = new HashMap<>(d.annotations());
        annotations.remove(Descriptor.REF_NAME);
        tag(target, d.withAnnotations(annotations));
        return lookup(target).orElseThrow();
    }

    /**
     * Keeps an image without a name (an entry without {@code ref.name}, listed as {@code <none>}), as
     * {@code load} does for images an archive does not name; nothing happens if there is one already.
     */
    public void addUnnamed(Descriptor target) throws IOException {
        Map<String, String> annotations = new HashMap<>(target.annotations());
        annotations.remove(Descriptor.REF_NAME);
        Descriptor entry = target.withAnnotations(annotations);
        locked(() -> {
            graph.checkComplete(target);
            List<Descriptor> entries = new ArrayList<>(index.read().manifests());
            if (entries.stream().noneMatch(d -> d.refName().isEmpty() && d.digest().equals(target.digest()))) {
                entries.add(entry);
                writeIndex(entries);
            }
            return null;
        });
    }

    /** Removes a tag; the blobs stay until {@link #prune}. Returns false if there was no such tag. */
    public boolean untag(ImageReference reference) throws IOException {
        String name = tagName(reference);
        return locked(() -> {
            List<Descriptor> entries = new ArrayList<>(index.read().manifests());
            boolean removed = entries.removeIf(d -> d.refName().filter(name::equals).isPresent());
            if (removed) {
                writeIndex(entries);
            }
            return removed;
        });
    }

    // ---- images ----------------------------------------------------------------------------------------

    /**
     * Finds an image by reference ({@code nginx}, {@code nginx:1}, {@code nginx@sha256:…}) or image ID (full,
     * {@code sha256:}-prefixed, or a unique prefix as {@code docker images} prints it), down to its config; a
     * multi-platform index is resolved to this store's platform.
     *
     * @throws NoSuchImageException if nothing matches
     * @throws ImageConflictException if an ID prefix matches several images
     */
    public ResolvedImage resolve(String referenceOrId) throws IOException {
        ImageLookup.Match match = ImageLookup.find(referenceOrId, entries());
        IndexEntry entry = match.entries().get(0);
        return resolve(match.byId() ? null : entry.reference(), entry.descriptor());
    }

    /**
     * What a reference or image ID names in {@code index.json} (a manifest, or a multi-platform image's index), not
     * resolved to a platform.
     *
     * @throws NoSuchImageException if nothing matches
     * @throws ImageConflictException if an ID prefix matches several images
     */
    public Descriptor target(String referenceOrId) throws IOException {
        return ImageLookup.find(referenceOrId, entries()).entries().get(0).descriptor();
    }

    /** Resolves a descriptor of a manifest or index down to a manifest and its config. */
    public ResolvedImage resolve(ImageReference reference, Descriptor target) throws IOException {
        return platformAsked ? resolve(reference, target, platform) : resolve(reference, target, this::hostOrOnly);
    }

    /**
     * As {@link #resolve(ImageReference, Descriptor)}, choosing from an index with {@code matcher} instead of the
     * store's platform; an index without a match fails with a {@code NoMatchingPlatformException} naming the
     * platforms it has.
     */
    public ResolvedImage resolve(ImageReference reference, Descriptor target, PlatformMatcher matcher)
            throws IOException {
        return resolve(reference, target, matcher::select);
    }

    /** Picks an index's image; throws {@code NoMatchingPlatformException} if none will do. */
    private interface Selector {
        Descriptor select(ImageIndex index);
    }

    /**
     * docker's choice when no platform was asked for: this machine's image, else the only image of another platform
     * the store holds (run under emulation); with several, the error names them.
     */
    private Descriptor hostOrOnly(ImageIndex index) {
        Optional<Descriptor> host = platform.find(index);
        if (host.isPresent()) {
            return host.get();
        }
        List<Descriptor> held = new ArrayList<>();
        for (Descriptor d : index.manifests()) {
            boolean runnable = d.platform() != null && !"unknown".equals(d.platform().os());
            if (runnable && blobs.has(d.digest())) {
                held.add(d);
            }
        }
        if (held.size() == 1) {
            return held.get(0);
        }
        throw new NoMatchingPlatformException(platform.wanted(), PlatformMatcher.available(index));
    }

    private ResolvedImage resolve(ImageReference reference, Descriptor target, Selector selector) throws IOException {
        Descriptor d = target;
        Manifest m = readManifest(d);
        for (int depth = 0; m instanceof ImageIndex idx; depth++) {
            if (depth > 8) {
                throw new IOException("index " + target.digest() + " nests too deeply");
            }
            d = selector.select(idx);
            m = readManifest(d);
        }
        ImageManifest manifest = (ImageManifest) m;
        return new ResolvedImage(reference, target, d, manifest, readConfig(manifest.config().digest()));
    }

    /** Which registry index each pulled tag's image came from. */
    public PulledIndexes pulledIndexes() {
        return pulledIndexes;
    }

    /**
     * {@code matcher}'s image of the registry index {@code tag}'s image was pulled from, when the store holds it whole
     * and the tag still names an image of that index (a tag pulled anew from another index forgets the old one): a
     * multi-platform build takes another platform's image of a pulled tag from here, without the registry.
     */
    public Optional<ResolvedImage> pulledSibling(ImageReference tag, PlatformMatcher matcher) throws IOException {
        Optional<Descriptor> tagged = lookup(tag);
        Optional<Descriptor> from = pulledIndexes.of(tag);
        if (tagged.isEmpty() || from.isEmpty() || !blobs.has(from.get().digest())) {
            return Optional.empty();
        }
        if (!(readManifest(from.get()) instanceof ImageIndex index)
                || index.manifests().stream().noneMatch(d -> d.digest().equals(tagged.get().digest()))) {
            return Optional.empty();
        }
        Optional<Descriptor> wanted = matcher.find(index);
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        try {
            graph.checkComplete(wanted.get());
        } catch (IncompleteImageException e) {
            return Optional.empty(); // never fetched, or pruned since: the registry has it
        }
        return Optional.of(resolve(tag, wanted.get(), matcher));
    }

    /** Every tag in the store, newest image first, as {@code docker images} lists them. */
    public List<ImageSummary> list() throws IOException {
        List<ImageSummary> out = new ArrayList<>();
        for (IndexEntry e : entries()) {
            ResolvedImage image = e.image();
            if (image != null) {
                out.add(new ImageSummary(e.refName(), e.reference(), image.imageId(), e.descriptor().digest(),
                        image.config().createdInstant().orElse(null), image.size()));
            } else {
                out.add(new ImageSummary(e.refName(), e.reference(), e.descriptor().digest(), e.descriptor().digest(),
                        null, e.descriptor().size()));
            }
        }
        out.sort(Comparator.comparing(ImageSummary::created, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(s -> s.refName() == null ? "" : s.refName()));
        return out;
    }

    /**
     * {@code jbuild rmi}: removes a tag, or all tags of an image ID. When no tag refers to an image any more,
     * its blobs that no other tag reaches are deleted.
     *
     * <p>As in docker, an image ID that several tags refer to is only removed with {@code force}.
     *
     * @throws NoSuchImageException if nothing matches
     * @throws ImageConflictException if an ID matches several tags and {@code force} is false
     */
    public RemoveResult remove(String referenceOrId, boolean force) throws IOException {
        return locked(() -> {
            List<IndexEntry> entries = entries();
            ImageLookup.Match match = ImageLookup.find(referenceOrId, entries);
            List<IndexEntry> removed = new ArrayList<>();
            if (match.byId()) {
                for (IndexEntry e : entries) {
                    if (match.id().equals(e.imageId())) {
                        removed.add(e);
                    }
                }
                if (removed.size() > 1 && !force) {
                    throw new ImageConflictException("conflict: unable to delete " + match.id().shortHex()
                            + " (must be forced) - image is referenced in multiple repositories");
                }
            } else {
                removed.addAll(match.entries());
            }
            List<IndexEntry> remaining = new ArrayList<>(entries);
            remaining.removeAll(removed);
            writeIndex(remaining.stream().map(IndexEntry::descriptor).toList());

            List<String> untagged = new ArrayList<>();
            Set<Digest> goneIds = new LinkedHashSet<>();
            for (IndexEntry e : removed) {
                untagged.add(e.displayName());
                goneIds.add(e.imageId());
            }
            for (IndexEntry e : remaining) {
                goneIds.remove(e.imageId());
            }
            if (!goneIds.isEmpty()) {
                // Delete what only the removed tags reached; the index no longer refers to it.
                Set<Digest> doomed = graph.reachable(removed.stream().map(IndexEntry::descriptor).toList());
                doomed.removeAll(graph.reachable(remaining.stream().map(IndexEntry::descriptor).toList()));
                for (Digest d : doomed) {
                    blobs.delete(d);
                }
            }
            return new RemoveResult(untagged, List.copyOf(goneIds));
        });
    }

    /**
     * Deletes every blob no tag reaches (walking indexes, manifests, configs and layers), and temporary files
     * of interrupted writes older than {@code tempFileAge} (younger ones may belong to a write in progress).
     */
    public PruneResult prune(Duration tempFileAge) throws IOException {
        return locked(() -> {
            Set<Digest> keep = graph.reachable(index.read().manifests());
            List<Digest> deleted = new ArrayList<>();
            long bytes = 0;
            for (Digest d : blobs.list()) {
                if (!keep.contains(d)) {
                    long size = Files.size(blobs.path(d));
                    if (blobs.delete(d)) {
                        deleted.add(d);
                        bytes += size;
                    }
                }
            }
            int temps = 0;
            Instant cutoff = Instant.now().minus(tempFileAge);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(paths.tmp())) {
                for (Path f : files) {
                    if (Files.isRegularFile(f) && Files.getLastModifiedTime(f).toInstant().isBefore(cutoff)) {
                        long size = Files.size(f);
                        if (Files.deleteIfExists(f)) {
                            temps++;
                            bytes += size;
                        }
                    }
                }
            }
            return new PruneResult(deleted, bytes, temps);
        });
    }

    // ---- internals -------------------------------------------------------------------------------------

    private void initLayout() throws IOException {
        Path layoutFile = paths.ociLayout().resolve("oci-layout");
        if (!Files.exists(layoutFile)) {
            AtomicFiles.write(layoutFile, "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8),
                    paths.tmp());
        }
        if (!Files.exists(index.path())) {
            locked(() -> {
                if (!Files.exists(index.path())) {
                    index.write(ImageIndex.oci(List.of()));
                }
                return null;
            });
        }
    }

    /** Runs {@code body} holding the store lock (other threads and processes wait). */
    private <T> T locked(LockedBody<T> body) throws IOException {
        StoreLock.Held held = lock.acquire();
        try {
            return body.run();
        } finally {
            held.close();
        }
    }

    private interface LockedBody<T> {
        T run() throws IOException;
    }

    /** Writes the entries sorted by name, so that index.json does not depend on the order of operations. */
    private void writeIndex(List<Descriptor> entries) throws IOException {
        List<Descriptor> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(d -> d.refName().orElse("")));
        index.write(ImageIndex.oci(sorted));
    }

    private static String tagName(ImageReference reference) {
        if (reference.hasDigest()) {
            throw new IllegalArgumentException("refusing to create a tag with a digest reference: "
                    + reference.familiarName());
        }
        return (reference.hasTag() ? reference : reference.withTag(ImageReference.DEFAULT_TAG)).toString();
    }

    /** The platform indexes are resolved for. */
    PlatformMatcher platform() {
        return platform;
    }

    List<IndexEntry> entries() throws IOException {
        List<IndexEntry> out = new ArrayList<>();
        for (Descriptor d : index.read().manifests()) {
            out.add(new IndexEntry(d, this::resolve));
        }
        return out;
    }
}
