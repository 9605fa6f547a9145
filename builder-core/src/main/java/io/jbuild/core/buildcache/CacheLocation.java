package io.jbuild.core.buildcache;

import io.jbuild.core.image.Descriptor;
import io.jbuild.core.store.BlobStore;
import io.jbuild.grammar.reference.Digest;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/** Where a cache lives (a registry repository, an OCI layout directory): its manifest, blobs, and a new cache. */
interface CacheLocation extends Closeable {

    /** The cache's manifest (or index) and its media type, if the location says one; bounded in size. */
    record Document(byte[] bytes, String mediaType) {
    }

    Document manifest() throws IOException;

    /** A manifest of an index the first one was, by digest; checked against it, bounded in size. */
    Document manifest(Digest digest) throws IOException;

    /** A small blob's bytes (a config), at most its descriptor's size; the caller checks the digest. */
    byte[] read(Descriptor blob) throws IOException;

    /** Copies {@code blob} into {@code store}, checked against its digest and size. */
    void fetch(Descriptor blob, BlobStore store) throws IOException;

    /**
     * Writes a cache: the layer blobs (from {@code store}) and the config first, the manifest last, so the location
     * never names a blob it lacks; an earlier cache under the same name is replaced only by a whole new one.
     */
    void write(BlobStore store, List<Descriptor> layers, byte[] config, byte[] manifest) throws IOException;
}
