package io.jbuild.core.registry;

import io.jbuild.core.image.Descriptor;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.image.ImageIndex;
import io.jbuild.core.image.ImageManifest;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.grammar.reference.InvalidReferenceException;
import io.jbuild.core.image.Manifest;
import io.jbuild.core.store.ImageStore;
import io.jbuild.core.image.Digester;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code jbuild push}: an image of the local store to a registry.
 *
 * <p>Blobs go first, a few at a time: each is skipped if the registry has it, mounted if another repository of the
 * same registry that the store has a tag of (so probably the registry too) can lend it, else uploaded streaming
 * from the store. Manifests go last, children of an index before the index, all byte for byte as stored, so the
 * digests are the store's. The registry only has the tag once every blob is there. When the tag names the same
 * manifest there already, nothing is sent but the one request that asks.
 */
public final class ImagePusher {

    private final ImageStore store;
    private final RegistryOptions options;

    public ImagePusher(ImageStore store, RegistryOptions options) {
        this.store = store;
        this.options = options;
    }

    /**
     * Pushes the image tagged {@code reference} in the store to the registry and repository the reference names.
     * An index is pushed whole if the store has all its manifests, else only the manifest for this store's platform.
     *
     * @throws RegistryException naming the reference when the store has no such tag, or the registry refuses
     * @throws IOException       when the registry stayed unreachable through the retries
     */
    public PushResult push(ImageReference reference, TransferListener listener) throws IOException {
        return push(reference, listener, Map.of());
    }

    /**
     * As {@link #push(ImageReference, TransferListener)}, and {@code lenders} name repositories known to hold some
     * blobs (a {@code --cache-from} registry cache's): on the same registry, the blobs are mounted from there.
     */
    public PushResult push(ImageReference reference, TransferListener listener, Map<Digest, ImageReference> lenders)
            throws IOException {
        checkTag(reference);
        Descriptor target = store.lookup(reference).orElseThrow(() -> new RegistryException(
                "an image does not exist locally with the tag: " + reference.familiarName()));
        return push(reference, target, listener, lenders);
    }

    private static void checkTag(ImageReference reference) throws RegistryException {
        if (reference.hasDigest() || !reference.hasTag()) {
            throw new RegistryException(reference + ": cannot push a digest reference; push a tag");
        }
    }

    /**
     * Pushes {@code target}, a manifest or index of the store that no tag needs to name there (a build whose
     * image is only pushed), as {@code reference}. A layer blob the store lacks is mounted from its lender, which
     * must be on the same registry: a build only pushing its image leaves a {@code --cache-from} hit's blob in
     * the cache then.
     */
    public PushResult push(ImageReference reference, Descriptor target, TransferListener listener,
                           Map<Digest, ImageReference> lenders) throws IOException {
        String what = reference.toString();
        checkTag(reference);
        List<RawManifest> manifests = manifestsToPush(reference, target, listener, lenders);
        RawManifest top = manifests.get(manifests.size() - 1);

        Map<Digest, Descriptor> blobs = new LinkedHashMap<>();
        for (RawManifest m : manifests) {
            if (m.parse() instanceof ImageManifest im) {
                blobs.putIfAbsent(im.config().digest(), im.config());
                for (Descriptor layer : im.layers()) {
                    blobs.putIfAbsent(layer.digest(), layer);
                }
            }
        }
        Map<Digest, String> sources = new HashMap<>();
        // Known lenders first: a cache's blobs are there for sure; a tag's image may have been pulled elsewhere.
        lenders.forEach((digest, from) -> {
            if (from.registry().equals(reference.registry()) && !from.repository().equals(reference.repository())) {
                sources.putIfAbsent(digest, from.repository());
            }
        });
        mountSources(reference).forEach(sources::putIfAbsent);
        String source = mostUseful(sources, blobs);
        RetryPolicy retry = options.retry();
        try (RegistrySession session = RegistrySession.open(reference, source, true, options, listener)) {
            // A re-push: the tag names this very manifest already. The registry has every blob and child manifest
            // it refers to (it refuses a manifest whose references it lacks), and a PUT would change nothing: one
            // HEAD instead of one per blob and the PUT.
            if (retry.run(what + ": check manifest", () -> session.manifestDigest(reference.tag()), listener)
                    .filter(top.digest()::equals).isPresent()) {
                for (Descriptor blob : blobs.values()) {
                    listener.blobSkipped(blob, TransferListener.Skipped.ON_REGISTRY, null);
                }
                for (RawManifest m : manifests) {
                    listener.manifestPushed(m == top ? reference.tag() : m.digest().toString(), m.digest(),
                            m.bytes().length);
                }
                return new PushResult(reference, top.digest(), top.bytes().length, 0, blobs.size(), 0, 0);
            }
            // Something will be sent: the manifests, read unchecked, must be what their digests say first.
            for (RawManifest m : manifests) {
                Digester.check(m.bytes(), m.digest());
            }
            AtomicInteger uploaded = new AtomicInteger();
            AtomicInteger present = new AtomicInteger();
            AtomicInteger mounted = new AtomicInteger();
            AtomicLong bytes = new AtomicLong();
            List<ParallelTransfers.Transfer> transfers = new ArrayList<>();
            for (Descriptor blob : blobs.values()) {
                String from = source != null && source.equals(sources.get(blob.digest())) ? source : null;
                transfers.add(() -> retry.run(what + ": upload " + blob.digest(), () -> {
                    if (session.hasBlob(blob.digest())) {
                        present.incrementAndGet();
                        listener.blobSkipped(blob, TransferListener.Skipped.ON_REGISTRY, null);
                        return null;
                    }
                    if (!store.blobs().has(blob.digest()) && from == null) {
                        throw new RegistryException(what + ": blob " + blob.digest() + " is not in the local store");
                    }
                    // Started once bytes flow: a mount sends none, and should not look like an upload.
                    AtomicBoolean started = new AtomicBoolean();
                    boolean skipped;
                    try {
                        skipped = session.pushBlob(blob.digest(), store.blobs().path(blob.digest()), from, n -> {
                            if (started.compareAndSet(false, true)) {
                                listener.blobStarted(blob);
                            }
                            listener.blobProgress(blob, n);
                        });
                    } catch (IOException e) {
                        if (store.blobs().has(blob.digest())) {
                            throw e;
                        }
                        // The registry did not link it, and there are no bytes here to send instead.
                        throw new RegistryException(what + ": blob " + blob.digest() + " is not in the local store"
                                + " and the registry did not mount it from " + from + ": " + e.getMessage());
                    }
                    if (skipped) {
                        (from != null ? mounted : present).incrementAndGet();
                        listener.blobSkipped(blob, from != null ? TransferListener.Skipped.MOUNTED
                                : TransferListener.Skipped.ON_REGISTRY, from);
                    } else {
                        uploaded.incrementAndGet();
                        bytes.addAndGet(blob.size());
                        listener.blobDone(blob);
                    }
                    return null;
                }, listener));
            }
            ParallelTransfers.run(options.parallelism(), transfers);

            for (RawManifest m : manifests) {
                String under = m == top ? reference.tag() : m.digest().toString();
                retry.run(what + ": push manifest " + m.digest(), () -> {
                    session.pushManifest(m, under);
                    return null;
                }, listener);
                listener.manifestPushed(under, m.digest(), m.bytes().length);
            }
            return new PushResult(reference, top.digest(), top.bytes().length, uploaded.get(), present.get(),
                    mounted.get(), bytes.get());
        }
    }

    /** The manifests to put, children first, the one the tag names last. */
    private List<RawManifest> manifestsToPush(ImageReference reference, Descriptor target, TransferListener listener,
                                              Map<Digest, ImageReference> lenders) throws IOException {
        RawManifest top = read(target);
        Manifest m = top.parse();
        if (m instanceof ImageManifest) {
            return List.of(top);
        }
        ImageIndex index = (ImageIndex) m;
        List<RawManifest> out = new ArrayList<>();
        for (Descriptor child : index.manifests()) {
            if (!store.blobs().has(child.digest()) || !(store.readManifest(child) instanceof ImageManifest im)
                    || !store.blobs().has(im.config().digest())
                    || !im.layers().stream().allMatch(l -> store.blobs().has(l.digest())
                    || lenders.containsKey(l.digest()))) {
                Descriptor chosen = store.resolve(reference, target).manifestDescriptor();
                listener.warning(reference.familiarName() + ": the store does not have every platform of its index;"
                        + " pushing only " + (chosen.platform() != null ? chosen.platform().format() : chosen.digest()));
                return List.of(read(chosen));
            }
            out.add(read(child));
        }
        out.add(top);
        return out;
    }

    /**
     * A manifest of the store, not yet checked against its digest ({@link Digester#check} before anything is
     * sent): a re-push, which sends nothing, then needs no SHA-256 at all.
     */
    private RawManifest read(Descriptor d) throws IOException {
        byte[] bytes = store.blobs().readAllUnchecked(d.digest(), Manifest.MAX_SIZE);
        return new RawManifest(bytes, d.mediaType(), d.digest());
    }

    /**
     * Blobs other repositories of the same registry probably have: those of images the store has tags of there
     * (pulled from or pushed to it), so the registry can link them instead of receiving them again.
     */
    private Map<Digest, String> mountSources(ImageReference reference) throws IOException {
        Map<Digest, String> sources = new HashMap<>();
        for (Descriptor entry : store.index().manifests()) {
            Optional<ImageReference> name = entry.refName().map(ImagePusher::parseOrNull);
            if (name.isEmpty() || !name.get().registry().equals(reference.registry())
                    || name.get().repository().equals(reference.repository())) {
                continue;
            }
            try {
                lend(entry, name.get().repository(), sources, 0);
            } catch (IOException | RuntimeException e) {
                // an entry we cannot read lends nothing
            }
        }
        return sources;
    }

    /**
     * The blobs of the manifest {@code d} (of every image the store has of an index) as lent by {@code repository}:
     * manifests only, no config is read.
     */
    private void lend(Descriptor d, String repository, Map<Digest, String> sources, int depth) throws IOException {
        // Unchecked too: it only names blobs to ask the registry to mount, which it does only if that repository
        // has them; what is pushed is the checked manifest's list.
        Manifest m = read(d).parse();
        if (m instanceof ImageManifest im) {
            sources.putIfAbsent(im.config().digest(), repository);
            for (Descriptor layer : im.layers()) {
                sources.putIfAbsent(layer.digest(), repository);
            }
        } else if (m instanceof ImageIndex index && depth < 8) {
            for (Descriptor child : index.manifests()) {
                if (store.blobs().has(child.digest())) {
                    lend(child, repository, sources, depth + 1);
                }
            }
        }
    }

    /** The repository that can lend the most of {@code blobs}; null if none. */
    private static String mostUseful(Map<Digest, String> sources, Map<Digest, Descriptor> blobs) {
        Map<String, Integer> counts = new HashMap<>();
        for (Digest d : blobs.keySet()) {
            String repo = sources.get(d);
            if (repo != null) {
                counts.merge(repo, 1, Integer::sum);
            }
        }
        // Most blobs wins; ties go to the first name in order, so the choice does not depend on hashing.
        String best = null;
        for (Map.Entry<String, Integer> e : new TreeMap<>(counts).entrySet()) {
            if (best == null || e.getValue() > counts.get(best)) {
                best = e.getKey();
            }
        }
        return best;
    }

    private static ImageReference parseOrNull(String name) {
        try {
            return ImageReference.parse(name);
        } catch (InvalidReferenceException e) {
            return null;
        }
    }
}
