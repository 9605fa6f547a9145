package io.jbuild.core.registry;

import io.jbuild.core.image.Descriptor;
import io.jbuild.core.store.BlobStore;
import io.jbuild.core.store.BlobWriter;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.grammar.reference.ImageReference;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One repository of a registry for documents that are not images (a build cache): its manifests as sent, its blobs
 * into a store, and blob uploads and manifest puts; each request retried as the options say. Credentials are found
 * as for a pull or push of an image there.
 */
public final class RegistryRepository implements AutoCloseable {

    /** A manifest as the registry sent it, checked against its digest. */
    public record Document(byte[] bytes, String mediaType, Digest digest) {
    }

    private final RegistrySession session;
    private final ImageReference reference;
    private final RetryPolicy retry;
    private final TransferListener listener;

    private RegistryRepository(RegistrySession session, ImageReference reference, RetryPolicy retry,
                               TransferListener listener) {
        this.session = session;
        this.reference = reference;
        this.retry = retry;
        this.listener = listener;
    }

    /**
     * Opens {@code reference}'s repository, authenticated for reading, or for reading and writing when
     * {@code push}.
     */
    public static RegistryRepository open(ImageReference reference, boolean push, RegistryOptions options,
                                          TransferListener listener) throws IOException {
        return new RegistryRepository(RegistrySession.open(reference, null, push, options, listener), reference,
                options.retry(), listener);
    }

    /** The manifest under {@code tagOrDigest}, at most {@link io.jbuild.core.image.Manifest#MAX_SIZE} bytes. */
    public Document manifest(String tagOrDigest) throws IOException {
        RawManifest raw = retry.run(reference + ": fetch manifest", () -> session.manifest(tagOrDigest), listener);
        return new Document(raw.bytes(), raw.mediaType(), raw.digest());
    }

    /** A small blob's bytes, at most its descriptor's size (the caller checks the digest). */
    public byte[] read(Descriptor blob) throws IOException {
        return retry.run(reference + ": download " + blob.digest(), () -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            session.pullBlob(blob, out, n -> { });
            return out.toByteArray();
        }, listener);
    }

    /** Downloads {@code blob} into {@code store}, checked against its digest and size as it is written. */
    public void download(Descriptor blob, BlobStore store) throws IOException {
        retry.run(reference + ": download " + blob.digest(), () -> {
            try (BlobWriter w = store.writer()) {
                session.pullBlob(blob, w, n -> { });
                w.commit(blob.digest(), blob.size());
            }
            return null;
        }, listener);
    }

    /** Whether the repository has the blob. */
    public boolean has(Digest digest) throws IOException {
        return retry.run(reference + ": check " + digest, () -> session.hasBlob(digest), listener);
    }

    /** Uploads the blob in {@code file} unless the repository has it; true if it went up. */
    public boolean upload(Digest digest, Path file) throws IOException {
        return retry.run(reference + ": upload " + digest, () -> !session.hasBlob(digest)
                && !session.pushBlob(digest, file, null, n -> { }), listener);
    }

    /** Puts {@code bytes} (a manifest of {@code mediaType}) under {@code tag}, byte for byte. */
    public void putManifest(byte[] bytes, String mediaType, String tag) throws IOException {
        RawManifest manifest = new RawManifest(bytes, mediaType, Digest.of(bytes));
        retry.run(reference + ": push manifest " + tag, () -> {
            session.pushManifest(manifest, tag);
            return null;
        }, listener);
    }

    @Override
    public void close() throws IOException {
        session.close();
    }
}
