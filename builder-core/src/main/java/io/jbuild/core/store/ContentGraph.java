package io.jbuild.core.store;

import io.jbuild.core.image.Descriptor;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.image.ImageIndex;
import io.jbuild.core.image.ImageManifest;
import io.jbuild.core.image.Manifest;
import io.jbuild.core.image.MediaTypes;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Walks manifests and indexes in the store to the blobs they refer to. */
final class ContentGraph {

    private final BlobStore blobs;

    ContentGraph(BlobStore blobs) {
        this.blobs = blobs;
    }

    /** Every blob reachable from {@code roots}, present or not. Unreadable documents count as leaves. */
    Set<Digest> reachable(Collection<Descriptor> roots) throws IOException {
        Set<Digest> seen = new HashSet<>();
        Deque<Descriptor> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            Descriptor d = todo.pop();
            if (!seen.add(d.digest())) {
                continue;
            }
            if (isDocument(d) && blobs.has(d.digest())) {
                Manifest m = readOrNull(d);
                if (m != null) {
                    todo.addAll(children(m));
                }
            }
        }
        return seen;
    }

    /** The blob, and for a manifest its config and layers, for an index its manifests present in the store. */
    void checkComplete(Descriptor target) throws IOException {
        checkComplete(target, target);
    }

    private void checkComplete(Descriptor image, Descriptor d) throws IOException {
        if (!blobs.has(d.digest())) {
            throw new IncompleteImageException(image.digest(), d.digest());
        }
        if (!isDocument(d)) {
            return;
        }
        Manifest m = read(d);
        if (m instanceof ImageManifest manifest) {
            checkComplete(image, manifest.config());
            for (Descriptor layer : manifest.layers()) {
                // Foreign layers (with URLs) are fetched from elsewhere and may be absent.
                if (layer.urls().isEmpty() || blobs.has(layer.digest())) {
                    checkComplete(image, layer);
                }
            }
        } else if (m instanceof ImageIndex index) {
            // A pull may keep only some platforms of an index; those kept must be complete.
            int present = 0;
            for (Descriptor child : index.manifests()) {
                if (blobs.has(child.digest())) {
                    present++;
                    checkComplete(image, child);
                }
            }
            if (present == 0 && !index.manifests().isEmpty()) {
                throw new IncompleteImageException(image.digest(), index.manifests().get(0).digest());
            }
        }
    }

    Manifest read(Descriptor d) throws IOException {
        return Manifest.parse(blobs.readAll(d.digest(), Manifest.MAX_SIZE), d.mediaType());
    }

    private Manifest readOrNull(Descriptor d) {
        try {
            return read(d);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static List<Descriptor> children(Manifest m) {
        List<Descriptor> out = new ArrayList<>();
        if (m instanceof ImageManifest manifest) {
            out.add(manifest.config());
            out.addAll(manifest.layers());
        } else if (m instanceof ImageIndex index) {
            out.addAll(index.manifests());
        }
        if (m.subject() != null) {
            out.add(m.subject());
        }
        return out;
    }

    private static boolean isDocument(Descriptor d) {
        return MediaTypes.isManifest(d.mediaType()) || MediaTypes.isIndex(d.mediaType());
    }
}
