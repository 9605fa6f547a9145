package io.jbuild.core.registry;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.jbuild.core.image.Descriptor;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.image.ImageConfig;
import io.jbuild.core.image.ImageIndex;
import io.jbuild.core.image.ImageManifest;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.core.image.Manifest;
import io.jbuild.core.image.MediaTypes;
import io.jbuild.core.image.NoMatchingPlatformException;
import io.jbuild.core.store.BlobWriter;
import io.jbuild.core.store.ImageStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code jbuild pull}: an image from a registry into the local store.
 *
 * <p>The manifest (from an index: the one for {@link RegistryOptions#platform()}) is fetched as sent and parsed
 * with our model; the config and layers are downloaded a few at a time, each checked against its digest as it is
 * written into the store, blobs the store has already skipped. Transient failures are retried per request. The
 * tag is written last, after the store holds every blob, so a failed or killed pull leaves at most orphan blobs
 * (removed by {@code prune}), never a tag of an incomplete image.
 */
public final class ImagePuller {

    private static final int MAX_INDEX_DEPTH = 4;

    private final ImageStore store;
    private final RegistryOptions options;

    public ImagePuller(ImageStore store, RegistryOptions options) {
        this.store = store;
        this.options = options;
    }

    /**
     * Pulls {@code reference}; a reference with a tag is tagged in the store, one with only a digest is kept
     * unnamed (found by image ID).
     *
     * @throws RegistryException naming the reference when the registry has no such image, refuses access, or the
     *                           index has no manifest for the platform (the message lists those it has)
     * @throws IOException       when the registry stayed unreachable through the retries
     */
    public PullResult pull(ImageReference reference, TransferListener listener) throws IOException {
        return pull(reference, listener, true);
    }

    /**
     * As {@link #pull}, but the image is only stored, neither tagged nor listed: for a multi-platform build, whose
     * other platforms' base images must not move the tag a user pulled.
     */
    public PullResult fetch(ImageReference reference, TransferListener listener) throws IOException {
        return pull(reference, listener, false);
    }

    private PullResult pull(ImageReference reference, TransferListener listener, boolean name) throws IOException {
        String what = reference.toString();
        RetryPolicy retry = options.retry();
        try (RegistrySession session = RegistrySession.open(reference, null, false, options, listener)) {
            String qualifier = reference.hasDigest() ? reference.digest().toString() : reference.tag();
            RawManifest raw = retry.run(what + ": fetch manifest", () -> session.manifest(qualifier), listener);
            Manifest document = parse(raw, what);
            Digest indexDigest = null;
            RawManifest indexRaw = null;
            for (int depth = 0; document instanceof ImageIndex index; depth++) {
                if (depth >= MAX_INDEX_DEPTH) {
                    throw new RegistryException(what + ": indexes nest more than " + MAX_INDEX_DEPTH + " deep");
                }
                if (indexDigest == null) {
                    indexDigest = raw.digest();
                    indexRaw = raw;
                }
                Descriptor chosen = choose(index, what);
                String digest = chosen.digest().toString();
                raw = retry.run(what + ": fetch manifest " + digest, () -> session.manifest(digest), listener);
                document = parse(raw, what);
            }
            ImageManifest manifest = (ImageManifest) document;
            if (!MediaTypes.isConfig(manifest.config().mediaType())) {
                throw new RegistryException(what + ": not a container image (config media type "
                        + manifest.config().mediaType() + ")");
            }

            Counts counts = download(session, manifest, what, listener);

            store.blobs().put(new ByteArrayInputStream(raw.bytes()), raw.digest(), raw.bytes().length);
            ImageConfig config;
            try {
                config = store.readConfig(manifest.config().digest());
            } catch (IOException | RuntimeException e) {
                // Checked against its digest already: what the registry sent is no image config we can read.
                throw new RegistryException(what + ": cannot read image config " + manifest.config().digest() + ": "
                        + reason(e), e);
            }
            Descriptor target = raw.descriptor().withPlatform(config.platform());
            if (indexRaw != null && reference.hasTag() && !reference.hasDigest()) {
                // the index too, and that the tag's image came from it: another platform's image of this tag is
                // then found in the store (a multi-platform build's, offline), not asked of the registry again
                store.blobs().put(new ByteArrayInputStream(indexRaw.bytes()), indexRaw.digest(), indexRaw.bytes().length);
                store.pulledIndexes().remember(reference, indexRaw.descriptor());
            }
            boolean upToDate;
            if (!name) {
                upToDate = counts.downloaded.get() == 0;
            } else if (reference.hasTag()) {
                ImageReference tag = reference.withDigest(null);
                Optional<Descriptor> before = store.lookup(tag);
                upToDate = before.isPresent() && before.get().digest().equals(target.digest());
                store.tag(tag, target);
            } else {
                upToDate = counts.downloaded.get() == 0;
                store.addUnnamed(target);
            }
            return new PullResult(reference, target, manifest.config().digest(), indexDigest, counts.downloaded.get(),
                    counts.inStore.get(), counts.bytes.get(), upToDate);
        }
    }

    private Descriptor choose(ImageIndex index, String what) throws RegistryException {
        try {
            return options.platform().select(index);
        } catch (NoMatchingPlatformException e) {
            throw new RegistryException(what + ": " + e.getMessage(), e);
        }
    }

    private static Manifest parse(RawManifest raw, String what) throws RegistryException {
        try {
            return raw.parse();
        } catch (IOException | RuntimeException e) {
            throw new RegistryException(what + ": cannot read manifest " + raw.digest() + ": " + reason(e), e);
        }
    }

    /** Jackson's own wording, without the parser-internal location text it appends. */
    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JsonProcessingException j) {
                JsonLocation at = j.getLocation();
                String where = at != null && at.getLineNr() > 0
                        ? " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")" : "";
                String path = j instanceof JsonMappingException m && !m.getPath().isEmpty()
                        ? " at " + m.getPathReference() : "";
                return "invalid JSON: " + j.getOriginalMessage() + path + where;
            }
        }
        return Transience.describe(e);
    }

    private record Counts(AtomicInteger downloaded, AtomicInteger inStore, AtomicLong bytes) {
    }

    /** The config and every layer into the store, a few at a time; blobs it has are skipped. */
    private Counts download(RegistrySession session, ImageManifest manifest, String what, TransferListener listener)
            throws IOException {
        Map<Digest, Descriptor> blobs = new LinkedHashMap<>();
        blobs.put(manifest.config().digest(), manifest.config());
        for (Descriptor layer : manifest.layers()) {
            blobs.putIfAbsent(layer.digest(), layer);
        }
        // A descriptor's size bounds its download: one beyond the limits is refused before a byte is fetched.
        if (manifest.config().size() > ImageStore.MAX_CONFIG_SIZE) {
            throw new RegistryException(what + ": config " + manifest.config().digest() + " is "
                    + manifest.config().size() + " bytes, more than the " + ImageStore.MAX_CONFIG_SIZE + " allowed");
        }
        long maxBytes = options.transfers().maxBytes();
        for (Descriptor blob : manifest.layers()) {
            if (blob.size() > maxBytes) {
                throw new RegistryException(what + ": layer " + blob.digest() + " is " + blob.size()
                        + " bytes, more than the limit of " + maxBytes + " (-D" + TransferLimits.MAX_BYTES_PROPERTY
                        + ")");
            }
        }
        Counts counts = new Counts(new AtomicInteger(), new AtomicInteger(), new AtomicLong());
        List<ParallelTransfers.Transfer> transfers = new ArrayList<>();
        for (Descriptor blob : blobs.values()) {
            transfers.add(() -> {
                if (store.blobs().has(blob.digest())) {
                    counts.inStore.incrementAndGet();
                    listener.blobSkipped(blob, TransferListener.Skipped.IN_STORE, null);
                    return;
                }
                Optional<byte[]> embedded = blob.dataBytes();
                if (embedded.isPresent()) {
                    store.blobs().put(embedded.get());
                } else {
                    options.retry().run(what + ": download " + blob.digest(), () -> {
                        listener.blobStarted(blob);
                        try (BlobWriter w = store.blobs().writer()) {
                            session.pullBlob(blob, w, n -> listener.blobProgress(blob, n));
                            w.commit(blob.digest(), blob.size());
                        }
                        return null;
                    }, listener);
                }
                counts.downloaded.incrementAndGet();
                counts.bytes.addAndGet(blob.size());
                listener.blobDone(blob);
            });
        }
        ParallelTransfers.run(options.parallelism(), transfers);
        return counts;
    }
}
