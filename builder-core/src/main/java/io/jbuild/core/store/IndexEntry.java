package io.jbuild.core.store;

import io.jbuild.core.image.Descriptor;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.grammar.reference.InvalidReferenceException;
import java.io.IOException;

/** An {@code index.json} entry with its name parsed; reads its image lazily, once. */
final class IndexEntry {

    /** Resolves a tagged descriptor down to a config (the store's platform choice included). */
    interface Resolver {
        ResolvedImage resolve(ImageReference reference, Descriptor target) throws IOException;
    }

    private final Descriptor descriptor;
    private final String refName;
    private final ImageReference reference;
    private final Resolver resolver;
    private ResolvedImage image;
    private boolean resolved;

    IndexEntry(Descriptor descriptor, Resolver resolver) {
        this.descriptor = descriptor;
        this.refName = descriptor.refName().orElse(null);
        this.reference = ourReference(refName);
        this.resolver = resolver;
    }

    Descriptor descriptor() {
        return descriptor;
    }

    /** The ref.name as stored, or null. */
    String refName() {
        return refName;
    }

    /** The name as a docker reference; null for unnamed entries and names written by other tools. */
    ImageReference reference() {
        return reference;
    }

    /** How rmi reports the entry: the familiar name, else whatever identifies it. */
    String displayName() {
        if (reference != null) {
            return reference.familiarName();
        }
        return refName != null ? refName : descriptor.digest().toString();
    }

    /** The resolved image, or null if it cannot be read (no manifest for the platform, damaged blob). */
    ResolvedImage image() {
        if (!resolved) {
            resolved = true;
            try {
                image = resolver.resolve(reference, descriptor);
            } catch (IOException | RuntimeException e) {
                image = null;
            }
        }
        return image;
    }

    /** The config digest, or the entry's own digest if the image cannot be read. */
    Digest imageId() {
        ResolvedImage i = image();
        return i != null ? i.imageId() : descriptor.digest();
    }

    /** Names we write are full normalized references; other tools' names ("latest") are not ours to parse. */
    private static ImageReference ourReference(String name) {
        if (name == null) {
            return null;
        }
        try {
            ImageReference r = ImageReference.parseExact(name);
            return r.toString().equals(name) && r.hasTag() ? r : null;
        } catch (InvalidReferenceException e) {
            return null;
        }
    }
}
