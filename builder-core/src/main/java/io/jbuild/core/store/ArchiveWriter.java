package io.jbuild.core.store;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jbuild.core.image.Descriptor;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.image.ImageIndex;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.core.image.MediaTypes;
import io.jbuild.core.image.OciJson;
import io.jbuild.core.image.PlatformMatcher;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * {@code jbuild save}: images of the store as one tar, streamed blob by blob. Entries are written in a fixed
 * order with fixed metadata (mode 0644, owner 0, time 0), so saving the same images twice gives the same bytes.
 */
public final class ArchiveWriter {

    /** Names the image in an index for containerd and Docker 25+ ({@code docker load}). */
    public static final String CONTAINERD_NAME = "io.containerd.image.name";

    private final ImageStore store;

    public ArchiveWriter(ImageStore store) {
        this.store = store;
    }

    /**
     * Writes the images {@code images} (references or IDs) name to {@code out} (not closed). A multi-platform
     * image that the store holds whole (a multi-platform build's) is saved with every platform under its index;
     * one pulled for a platform, for that platform. An image given by ID is saved without a name.
     *
     * @throws NoSuchImageException naming the first image not found
     */
    public void write(List<String> images, ArchiveFormat format, OutputStream out) throws IOException {
        Map<Digest, Saved> byTarget = new LinkedHashMap<>();
        for (String image : images) {
            ImageLookup.Match match = ImageLookup.find(image, store.entries());
            IndexEntry entry = match.entries().get(0);
            ImageReference name = match.byId() ? null : entry.reference();
            Saved saved = byTarget.get(entry.descriptor().digest());
            if (saved == null) {
                saved = saved(name, entry.descriptor());
                byTarget.put(entry.descriptor().digest(), saved);
            }
            if (name != null && !saved.names.contains(name)) {
                saved.names.add(name);
            }
        }
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        directory(tar, "blobs/");
        directory(tar, "blobs/sha256/");
        Set<Digest> written = new HashSet<>();
        for (Saved s : byTarget.values()) {
            for (Descriptor blob : s.blobs()) {
                if (written.add(blob.digest())) {
                    copyBlob(tar, blob);
                }
            }
        }
        file(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        file(tar, "index.json", OciJson.write(index(byTarget.values())));
        if (format == ArchiveFormat.DOCKER) {
            file(tar, "manifest.json", OciJson.write(dockerManifest(byTarget.values())));
        }
        tar.finish();
        tar.flush();
    }

    private static ImageIndex index(Iterable<Saved> images) {
        List<Descriptor> entries = new ArrayList<>();
        for (Saved s : images) {
            Descriptor d = s.index ? s.target.withAnnotations(Map.of())
                    : s.images.get(0).manifestDescriptor().withAnnotations(Map.of())
                    .withPlatform(s.images.get(0).config().platform());
            if (s.names.isEmpty()) {
                entries.add(d);
            }
            for (ImageReference name : s.names) {
                entries.add(d.withAnnotations(Map.of(Descriptor.REF_NAME, name.toString(), CONTAINERD_NAME, name.toString())));
            }
        }
        return ImageIndex.oci(entries);
    }

    /**
     * docker-archive's manifest.json: [{"Config": path, "RepoTags": [familiar names], "Layers": [paths]}], one
     * entry per image; of a multi-platform image, each platform's, the names on the store platform's only (as
     * docker saves one; a tag names one image there).
     */
    private ArrayNode dockerManifest(Iterable<Saved> images) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (Saved s : images) {
            ResolvedImage named = s.named(store.platform());
            for (ResolvedImage image : s.images) {
                ObjectNode entry = list.addObject();
                entry.put("Config", path(image.manifest().config().digest()));
                ArrayNode tags = entry.putArray("RepoTags");
                if (image == named) {
                    s.names.forEach(n -> tags.add(n.familiarName()));
                }
                ArrayNode layers = entry.putArray("Layers");
                image.manifest().layers().forEach(l -> layers.add(path(l.digest())));
            }
        }
        return list;
    }

    /**
     * What saving {@code target} takes: the images of an index the store holds every manifest of, else the one
     * image the store's platform resolves to.
     */
    private Saved saved(ImageReference name, Descriptor target) throws IOException {
        if (MediaTypes.isIndex(target.mediaType())) {
            ImageIndex index = (ImageIndex) store.readManifest(target);
            List<ResolvedImage> all = new ArrayList<>();
            for (Descriptor d : index.manifests()) {
                if (!store.blobs().has(d.digest())) {
                    all = null;
                    break;
                }
                all.add(store.resolve(name, d));
            }
            if (all != null && !all.isEmpty()) {
                return new Saved(target, true, all);
            }
        }
        ResolvedImage r = store.resolve(name, target);
        return new Saved(r.manifestDescriptor(), false, List.of(r));
    }

    static String path(Digest digest) {
        return "blobs/" + digest.algorithm() + "/" + digest.encoded();
    }

    private void copyBlob(TarArchiveOutputStream tar, Descriptor blob) throws IOException {
        long size = store.blobs().size(blob.digest());
        TarArchiveEntry entry = entry(path(blob.digest()), size);
        tar.putArchiveEntry(entry);
        // Checked while copying: a corrupted blob fails the save instead of spreading.
        try (InputStream in = store.blobs().openVerified(blob.digest())) {
            in.transferTo(tar);
        }
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        tar.putArchiveEntry(entry(name, content.length));
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(040755);
        e.setModTime(0);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static TarArchiveEntry entry(String name, long size) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(size);
        e.setMode(0100644);
        e.setModTime(0);
        e.setIds(0, 0);
        return e;
    }

    /** One image (a manifest, or an index and all its manifests) to save and the names it is saved under. */
    private static final class Saved {
        final Descriptor target;
        final boolean index;
        final List<ResolvedImage> images;
        final List<ImageReference> names = new ArrayList<>();

        Saved(Descriptor target, boolean index, List<ResolvedImage> images) {
            this.target = target;
            this.index = index;
            this.images = images;
        }

        /** The image the names go on in manifest.json: the platform's, else the first. */
        ResolvedImage named(PlatformMatcher platform) {
            return images.stream().filter(i -> platform.matches(i.config().platform())).findFirst()
                    .orElse(images.get(0));
        }

        /** Layers, configs, manifests and the index: what the archive needs of this image. */
        List<Descriptor> blobs() {
            List<Descriptor> out = new ArrayList<>();
            for (ResolvedImage image : images) {
                out.addAll(image.manifest().layers());
                out.add(image.manifest().config());
                out.add(image.manifestDescriptor());
            }
            if (index) {
                out.add(target);
            }
            return out;
        }
    }
}
