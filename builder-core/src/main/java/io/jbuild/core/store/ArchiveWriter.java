package io.jbuild.core.store;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jbuild.core.image.Descriptor;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.image.ImageIndex;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.core.image.OciJson;
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
     * image is saved for the store's platform, as docker does. An image given by ID is saved without a name.
     *
     * @throws NoSuchImageException naming the first image not found
     */
    public void write(List<String> images, ArchiveFormat format, OutputStream out) throws IOException {
        Map<Digest, Saved> byManifest = new LinkedHashMap<>();
        for (String image : images) {
            ResolvedImage r = store.resolve(image);
            Saved saved = byManifest.computeIfAbsent(r.manifestDescriptor().digest(), d -> new Saved(r));
            if (r.reference() != null && !saved.names.contains(r.reference())) {
                saved.names.add(r.reference());
            }
        }

        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        directory(tar, "blobs/");
        directory(tar, "blobs/sha256/");
        Set<Digest> written = new HashSet<>();
        for (Saved s : byManifest.values()) {
            for (Descriptor blob : s.blobs()) {
                if (written.add(blob.digest())) {
                    copyBlob(tar, blob);
                }
            }
        }
        file(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        file(tar, "index.json", OciJson.write(index(byManifest.values())));
        if (format == ArchiveFormat.DOCKER) {
            file(tar, "manifest.json", OciJson.write(dockerManifest(byManifest.values())));
        }
        tar.finish();
        tar.flush();
    }

    private static ImageIndex index(Iterable<Saved> images) {
        List<Descriptor> entries = new ArrayList<>();
        for (Saved s : images) {
            Descriptor d = s.image.manifestDescriptor().withAnnotations(Map.of())
                    .withPlatform(s.image.config().platform());
            if (s.names.isEmpty()) {
                entries.add(d);
            }
            for (ImageReference name : s.names) {
                entries.add(d.withAnnotations(Map.of(Descriptor.REF_NAME, name.toString(), CONTAINERD_NAME, name.toString())));
            }
        }
        return ImageIndex.oci(entries);
    }

    /** docker-archive's manifest.json: [{"Config": path, "RepoTags": [familiar names], "Layers": [paths]}]. */
    private static ArrayNode dockerManifest(Iterable<Saved> images) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (Saved s : images) {
            ObjectNode entry = list.addObject();
            entry.put("Config", path(s.image.manifest().config().digest()));
            ArrayNode tags = entry.putArray("RepoTags");
            s.names.forEach(n -> tags.add(n.familiarName()));
            ArrayNode layers = entry.putArray("Layers");
            s.image.manifest().layers().forEach(l -> layers.add(path(l.digest())));
        }
        return list;
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

    /** One image to save and the names it is saved under. */
    private static final class Saved {
        final ResolvedImage image;
        final List<ImageReference> names = new ArrayList<>();

        Saved(ResolvedImage image) {
            this.image = image;
        }

        /** Layers, config, manifest: what the archive needs of this image. */
        List<Descriptor> blobs() {
            List<Descriptor> out = new ArrayList<>(image.manifest().layers());
            out.add(image.manifest().config());
            out.add(image.manifestDescriptor());
            return out;
        }
    }
}
