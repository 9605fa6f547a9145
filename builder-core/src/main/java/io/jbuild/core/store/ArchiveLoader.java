package io.jbuild.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.jbuild.core.image.Descriptor;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.image.ImageConfig;
import io.jbuild.core.image.ImageIndex;
import io.jbuild.core.image.ImageManifest;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.grammar.reference.InvalidReferenceException;
import io.jbuild.core.image.MediaTypes;
import io.jbuild.core.image.OciJson;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * {@code jbuild load}: images from a tar written by {@code jbuild save}, {@code docker save} (old and
 * Docker 25+ layouts) or as an OCI layout ({@code skopeo copy ... oci-archive:}), plain or gzip-compressed.
 *
 * <p>The tar is read once, as a stream: blobs go straight into the store (checked against their names),
 * only small JSON files are kept in memory. Tags are made at the end, each checked complete, so a truncated
 * or corrupt archive adds no tag (only orphan blobs, which {@code prune} removes).
 */
public final class ArchiveLoader {

    private static final int MAX_JSON = 8 * 1024 * 1024;

    private final ImageStore store;

    public ArchiveLoader(ImageStore store) {
        this.store = store;
    }

    /** Reads the archive from {@code in} (not closed) into the store. */
    public LoadResult load(InputStream in) throws IOException {
        Contents contents = read(maybeGunzip(in));
        List<ImageReference> tagged = new ArrayList<>();
        List<Digest> untagged = new ArrayList<>();
        Map<Digest, List<ImageReference>> dockerNames = dockerNamesByConfig(contents);
        byte[] indexJson = contents.json.get("index.json");
        if (indexJson != null) {
            ImageIndex index = OciJson.read(indexJson, ImageIndex.class);
            for (Descriptor d : index.manifests()) {
                List<ImageReference> names = namesOf(d);
                if (names.isEmpty() && MediaTypes.isManifest(d.mediaType())) {
                    ImageManifest m = (ImageManifest) store.readManifest(d);
                    names = dockerNames.getOrDefault(m.config().digest(), List.of());
                }
                tagAll(d, names, tagged, untagged);
            }
        } else if (contents.json.containsKey("manifest.json")) {
            for (JsonNode entry : OciJson.readTree(contents.json.get("manifest.json"))) {
                Descriptor manifest = importDockerEntry(entry, contents);
                List<ImageReference> names = new ArrayList<>();
                for (JsonNode tag : entry.path("RepoTags")) {
                    names.add(ImageReference.parse(tag.asText()));
                }
                tagAll(manifest, names, tagged, untagged);
            }
        } else {
            throw new IOException("not an image archive: it has neither index.json nor manifest.json");
        }
        return new LoadResult(tagged, untagged);
    }

    private void tagAll(Descriptor d, List<ImageReference> names, List<ImageReference> tagged, List<Digest> untagged)
            throws IOException {
        if (names.isEmpty()) {
            store.addUnnamed(d);
            // an index's ID is its digest, whether or not it holds this machine's platform
            untagged.add(MediaTypes.isIndex(d.mediaType()) ? d.digest() : store.resolve(null, d).imageId());
        }
        for (ImageReference name : names) {
            store.tag(name, d);
            tagged.add(name);
        }
    }

    /** Names in an index entry: containerd's full name, else a ref.name that is a full reference. */
    private static List<ImageReference> namesOf(Descriptor d) {
        Set<ImageReference> names = new LinkedHashSet<>();
        d.annotation(ArchiveWriter.CONTAINERD_NAME).map(ArchiveLoader::parseOrNull).ifPresent(names::add);
        d.refName().map(ArchiveLoader::parseOrNull)
                .filter(r -> r.toString().equals(d.refName().get()))
                .ifPresent(names::add);
        return new ArrayList<>(names);
    }

    private static ImageReference parseOrNull(String s) {
        try {
            ImageReference r = ImageReference.parse(s);
            return r.hasDigest() ? null : r;
        } catch (InvalidReferenceException e) {
            return null;
        }
    }

    private static Map<Digest, List<ImageReference>> dockerNamesByConfig(Contents contents) throws IOException {
        Map<Digest, List<ImageReference>> out = new HashMap<>();
        byte[] manifestJson = contents.json.get("manifest.json");
        if (manifestJson == null) {
            return out;
        }
        for (JsonNode entry : OciJson.readTree(manifestJson)) {
            Digest config = contents.digestOf(entry.path("Config").asText());
            if (config != null) {
                for (JsonNode tag : entry.path("RepoTags")) {
                    out.computeIfAbsent(config, c -> new ArrayList<>()).add(ImageReference.parse(tag.asText()));
                }
            }
        }
        return out;
    }

    /** A docker-archive entry without OCI index: builds an OCI manifest of its config and layer files. */
    private Descriptor importDockerEntry(JsonNode entry, Contents contents) throws IOException {
        String configPath = entry.path("Config").asText();
        Digest configDigest = contents.digestOf(configPath);
        if (configDigest == null) {
            throw new IOException("manifest.json names config " + configPath + ", which the archive does not have");
        }
        ImageConfig config = store.readConfig(configDigest);
        List<Descriptor> layers = new ArrayList<>();
        for (JsonNode layer : entry.path("Layers")) {
            Digest digest = contents.digestOf(layer.asText());
            if (digest == null) {
                throw new IOException("manifest.json names layer " + layer.asText() + ", which the archive does not have");
            }
            layers.add(Descriptor.of(layerMediaType(digest), digest, store.blobs().size(digest)));
        }
        if (layers.size() != config.rootfs().diffIds().size()) {
            throw new IOException("config " + configDigest + " has " + config.rootfs().diffIds().size()
                    + " layers, manifest.json lists " + layers.size());
        }
        Descriptor configDescriptor = Descriptor.of(MediaTypes.OCI_CONFIG, configDigest, store.blobs().size(configDigest));
        return store.putManifest(ImageManifest.oci(configDescriptor, layers)).withPlatform(config.platform());
    }

    /** Layer files of docker-archives may be plain tar (old docker save) or compressed; the magic tells. */
    private String layerMediaType(Digest digest) throws IOException {
        byte[] head;
        try (InputStream in = store.blobs().open(digest)) {
            head = in.readNBytes(4);
        }
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return MediaTypes.OCI_LAYER_GZIP;
        }
        if (head.length == 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                && (head[3] & 0xff) == 0xfd) {
            return MediaTypes.OCI_LAYER_ZSTD;
        }
        return MediaTypes.OCI_LAYER;
    }

    /** Streams the tar: blobs into the store, small JSON into memory, links remembered. */
    private Contents read(InputStream in) throws IOException {
        Contents c = new Contents();
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
            String name = normalize(e.getName());
            if (e.isSymbolicLink()) {
                c.links.put(name, resolveLink(name, e.getLinkName()));
            } else if (e.isLink()) {
                c.links.put(name, normalize(e.getLinkName()));
            } else if (e.isFile()) {
                Digest named = blobName(name);
                if (named != null) {
                    store.blobs().put(tar, named, e.getSize());
                    c.files.put(name, named);
                } else if (isJson(name) && e.getSize() <= MAX_JSON) {
                    byte[] bytes = tar.readAllBytes();
                    c.json.put(name, bytes);
                    if (!name.contains("/") && name.endsWith(".json") && !name.equals("manifest.json")
                            && !name.equals("index.json")) {
                        c.files.put(name, store.blobs().put(bytes).digest()); // an old-style <id>.json config
                    }
                } else {
                    c.files.put(name, store.blobs().put(tar).digest()); // an old-style <id>/layer.tar
                }
            }
        }
        return c;
    }

    private static boolean isJson(String name) {
        return name.endsWith(".json") || name.equals("repositories") || name.equals("oci-layout")
                || name.endsWith("/json") || name.endsWith("/VERSION");
    }

    private static Digest blobName(String name) {
        String[] parts = name.split("/");
        if (parts.length == 3 && parts[0].equals("blobs")) {
            try {
                return new Digest(parts[1], parts[2]);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    private static String normalize(String name) {
        String n = name;
        while (n.startsWith("./") || n.startsWith("/")) {
            n = n.startsWith("./") ? n.substring(2) : n.substring(1);
        }
        return n;
    }

    private static String resolveLink(String name, String target) {
        if (target.startsWith("/")) {
            return normalize(target);
        }
        List<String> parts = new ArrayList<>(List.of(name.split("/")));
        parts.remove(parts.size() - 1);
        for (String p : target.split("/")) {
            if (p.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
            } else if (!p.isEmpty() && !p.equals(".")) {
                parts.add(p);
            }
        }
        return String.join("/", parts);
    }

    private static InputStream maybeGunzip(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
        buffered.mark(2);
        int b1 = buffered.read();
        int b2 = buffered.read();
        buffered.reset();
        return b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(buffered, 64 * 1024) : buffered;
    }

    /** What the tar held: file paths to the blobs they became, small JSON files, links. */
    private static final class Contents {
        final Map<String, Digest> files = new HashMap<>();
        final Map<String, byte[]> json = new HashMap<>();
        final Map<String, String> links = new HashMap<>();

        /** The blob a path of the archive became, following links; null if the archive has no such file. */
        Digest digestOf(String path) {
            String p = normalize(path);
            for (int hops = 0; hops < 16 && p != null; hops++) {
                Digest d = files.get(p);
                if (d != null) {
                    return d;
                }
                p = links.get(p);
            }
            return null;
        }
    }
}
