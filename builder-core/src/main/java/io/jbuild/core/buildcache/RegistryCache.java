package io.jbuild.core.buildcache;

import io.jbuild.core.image.Descriptor;
import io.jbuild.core.image.MediaTypes;
import io.jbuild.core.registry.RegistryOptions;
import io.jbuild.core.registry.RegistryRepository;
import io.jbuild.core.registry.TransferListener;
import io.jbuild.core.store.BlobStore;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.grammar.reference.ImageReference;
import java.io.IOException;
import java.util.List;

/**
 * A cache in a registry repository under a tag (or digest), reached with the credentials a pull or push of an image
 * there would use. Opened once, on first use, and kept for the build: a hit's blob is fetched on the same session.
 */
final class RegistryCache implements CacheLocation {

    private final ImageReference ref;
    private final RegistryOptions options;
    private final boolean push;
    private RegistryRepository repository;

    RegistryCache(ImageReference ref, RegistryOptions options, boolean push) {
        this.ref = ref;
        this.options = options;
        this.push = push;
    }

    /** The cache's reference: its registry and repository. */
    ImageReference ref() {
        return ref;
    }

    private synchronized RegistryRepository repository() throws IOException {
        if (repository == null) {
            repository = RegistryRepository.open(ref, push, options, TransferListener.SILENT);
        }
        return repository;
    }

    @Override
    public Document manifest() throws IOException {
        RegistryRepository.Document d = repository().manifest(ref.hasDigest() ? ref.digest().toString() : ref.tag());
        return new Document(d.bytes(), d.mediaType());
    }

    @Override
    public Document manifest(Digest digest) throws IOException {
        RegistryRepository.Document d = repository().manifest(digest.toString());
        return new Document(d.bytes(), d.mediaType());
    }

    @Override
    public byte[] read(Descriptor blob) throws IOException {
        return repository().read(blob);
    }

    @Override
    public void fetch(Descriptor blob, BlobStore store) throws IOException {
        repository().download(blob, store);
    }

    @Override
    public void write(BlobStore store, List<Descriptor> layers, byte[] config, byte[] manifest) throws IOException {
        RegistryRepository r = repository();
        for (Descriptor layer : layers) {
            // A hit of a build that only pushed its image left its blob here (this is the cache it came from).
            if (!store.has(layer.digest()) && r.has(layer.digest())) {
                continue;
            }
            if (!store.has(layer.digest())) {
                throw new IOException("layer " + layer.digest() + " is not in the local store");
            }
            r.upload(layer.digest(), store.path(layer.digest()));
        }
        // The config goes up from the store too: it is a blob like the layers (and is pruned with them).
        Digest configDigest = store.put(config).digest();
        r.upload(configDigest, store.path(configDigest));
        r.putManifest(manifest, MediaTypes.OCI_MANIFEST, ref.tag());
    }

    @Override
    public synchronized void close() throws IOException {
        if (repository != null) {
            repository.close();
        }
    }
}
