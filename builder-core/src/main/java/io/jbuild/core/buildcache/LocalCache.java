package io.jbuild.core.buildcache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jbuild.core.image.Descriptor;
import io.jbuild.core.image.Manifest;
import io.jbuild.core.image.MediaTypes;
import io.jbuild.core.image.OciJson;
import io.jbuild.core.store.AtomicFiles;
import io.jbuild.core.store.BlobStore;
import io.jbuild.grammar.reference.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;

/**
 * A cache in an OCI image layout directory, as BuildKit's local cache: {@code blobs/sha256/…}, {@code oci-layout},
 * and {@code index.json} naming the cache manifest by its tag ({@code org.opencontainers.image.ref.name}). Blobs
 * are written under temporary names and renamed; the index last, atomically, keeping the entries of other tags.
 */
final class LocalCache implements CacheLocation {

    private static final int MAX_INDEX_SIZE = 4 * 1024 * 1024;

    private final Path dir;
    private final String tag;
    private final String digest;

    /** @param digest the manifest to read instead of the tag's, or null */
    LocalCache(Path dir, String tag, String digest) {
        this.dir = dir;
        this.tag = tag;
        this.digest = digest;
    }

    @Override
    public Document manifest() throws IOException {
        Path indexFile = dir.resolve("index.json");
        if (!Files.isRegularFile(indexFile, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir + " is not an OCI layout (no index.json)");
        }
        JsonNode index = OciJson.readTree(bounded(indexFile, MAX_INDEX_SIZE));
        Descriptor chosen = null;
        for (JsonNode m : index.path("manifests")) {
            Descriptor d = OciJson.convert(m, Descriptor.class);
            boolean match = digest != null ? d.digest().toString().equals(digest)
                    : d.refName().map(tag::equals).orElse(false);
            if (match) {
                chosen = d;
            }
        }
        if (chosen == null) {
            throw new IOException(dir + "/index.json has no cache " + (digest != null ? digest : "tagged " + tag));
        }
        return new Document(manifestBytes(chosen.digest()), chosen.mediaType());
    }

    @Override
    public Document manifest(Digest d) throws IOException {
        return new Document(manifestBytes(d), null);
    }

    private byte[] manifestBytes(Digest d) throws IOException {
        byte[] bytes = bounded(blob(d), Manifest.MAX_SIZE);
        if (!Digest.of(bytes).equals(d)) {
            throw new IOException("manifest " + d + " does not match its digest");
        }
        return bytes;
    }

    @Override
    public byte[] read(Descriptor blob) throws IOException {
        return bounded(blob(blob.digest()), (int) Math.min(blob.size(), Integer.MAX_VALUE - 1));
    }

    @Override
    public void fetch(Descriptor blob, BlobStore store) throws IOException {
        try (InputStream in = Files.newInputStream(blob(blob.digest()), LinkOption.NOFOLLOW_LINKS)) {
            store.put(in, blob.digest(), blob.size());
        }
    }

    @Override
    public void write(BlobStore store, List<Descriptor> layers, byte[] config, byte[] manifest) throws IOException {
        Files.createDirectories(dir.resolve("blobs/sha256"));
        for (Descriptor layer : layers) {
            if (!store.has(layer.digest())) {
                throw new IOException("layer " + layer.digest() + " is not in the local store");
            }
            Path target = blob(layer.digest());
            if (!Files.isRegularFile(target) || Files.size(target) != layer.size()) {
                Path tmp = dir.resolve("blobs/sha256/.tmp-" + UUID.randomUUID());
                try {
                    Files.copy(store.path(layer.digest()), tmp);
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
        }
        AtomicFiles.write(blob(Digest.of(config)), config, dir.resolve("blobs/sha256"));
        AtomicFiles.write(blob(Digest.of(manifest)), manifest, dir.resolve("blobs/sha256"));
        AtomicFiles.write(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}"
                .getBytes(StandardCharsets.UTF_8), dir);
        AtomicFiles.write(dir.resolve("index.json"), index(manifest), dir);
    }

    /** The new index: the other tags' entries as they were, this tag's naming the new manifest. */
    private byte[] index(byte[] manifest) throws IOException {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode index = f.objectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        ArrayNode manifests = index.putArray("manifests");
        Path old = dir.resolve("index.json");
        if (Files.isRegularFile(old, LinkOption.NOFOLLOW_LINKS)) {
            try {
                for (JsonNode m : OciJson.readTree(bounded(old, MAX_INDEX_SIZE)).path("manifests")) {
                    if (!tag.equals(m.path("annotations").path(Descriptor.REF_NAME).asText(null))) {
                        manifests.add(m);
                    }
                }
            } catch (IOException e) {
                // an unreadable index is replaced: the cache is ours to write
            }
        }
        manifests.add(OciJson.readTree(OciJson.write(Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.of(manifest),
                manifest.length).withAnnotation(Descriptor.REF_NAME, tag))));
        return OciJson.writeTree(index);
    }

    private Path blob(Digest d) {
        return dir.resolve("blobs").resolve(d.algorithm()).resolve(d.encoded());
    }

    /** The file's bytes, refused unread when it is larger than {@code max}. */
    private static byte[] bounded(Path file, int max) throws IOException {
        if (Files.size(file) > max) {
            throw new IOException(file + " is larger than " + max + " bytes");
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes(max + 1);
            if (bytes.length > max) {
                throw new IOException(file + " is larger than " + max + " bytes");
            }
            return bytes;
        }
    }

    @Override
    public void close() {
    }
}
