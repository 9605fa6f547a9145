package io.jbuild.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A docker-archive ({@code docker save}'s format, also what {@code jbuild save} and {@code --output type=docker}
 * write): unpacked to a directory, then read through its {@code manifest.json} — the image config and the layer
 * tars in order, plain or gzip-compressed (told apart by their magic bytes, not by names or media types).
 */
final class ImageArchive {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final JsonNode config;
    private final List<String> layers;
    private final String configPath;
    private final List<String> repoTags;

    private ImageArchive(Path dir, String configPath, JsonNode config, List<String> layers, List<String> repoTags) {
        this.dir = dir;
        this.repoTags = repoTags;
        this.configPath = configPath;
        this.config = config;
        this.layers = layers;
    }

    /** Unpacks {@code archive} into {@code into} (which must not exist) and reads its only image. */
    static ImageArchive open(Path archive, Path into) throws IOException {
        Files.createDirectories(into);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive))) {
            TarReader tar = new TarReader(in);
            List<String[]> links = new ArrayList<>();
            for (TarEntry e = tar.next(); e != null; e = tar.next()) {
                String path = FileTree.normalize(e.name());
                if (e.type() == '2') { // docker save links a repeated layer to its first copy
                    links.add(new String[] {path, FileTree.normalize(FileTree.parent(path) + "/" + e.linkName())});
                } else if (e.type() == '1') {
                    links.add(new String[] {path, FileTree.normalize(e.linkName())});
                } else if (e.isRegular()) {
                    Path target = into.resolve(path.substring(1));
                    Files.createDirectories(target.getParent());
                    Files.copy(tar.content(), target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            for (String[] link : links) {
                Path target = into.resolve(link[0].substring(1));
                Files.createDirectories(target.getParent());
                Files.copy(into.resolve(link[1].substring(1)), target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        JsonNode manifest = JSON.readTree(into.resolve("manifest.json").toFile());
        if (!manifest.isArray() || manifest.size() != 1) {
            throw new IOException(archive + ": manifest.json should list exactly one image: " + manifest);
        }
        JsonNode image = manifest.get(0);
        String configPath = image.path("Config").asText();
        List<String> layers = new ArrayList<>();
        image.path("Layers").forEach(l -> layers.add(l.asText()));
        List<String> tags = new ArrayList<>();
        image.path("RepoTags").forEach(t -> tags.add(t.asText()));
        return new ImageArchive(into, configPath, JSON.readTree(into.resolve(configPath).toFile()), layers, tags);
    }

    /** The image config JSON (the whole document: architecture, os, config, rootfs, history, ...). */
    JsonNode config() {
        return config;
    }

    /** {@code sha256:...} of the config file, i.e. the image ID. */
    String imageId() throws IOException {
        return "sha256:" + Digests.sha256(dir.resolve(configPath));
    }

    /** The names the archive gives the image. */
    List<String> repoTags() {
        return List.copyOf(repoTags);
    }

    List<String> layerNames() {
        return List.copyOf(layers);
    }

    /** Applies every layer in order to a new tree. */
    FileTree tree() throws IOException {
        FileTree tree = new FileTree();
        for (String layer : layers) {
            try (InputStream in = uncompressed(dir.resolve(layer))) {
                tree.apply(in, layer);
            }
        }
        return tree;
    }

    private static InputStream uncompressed(Path blob) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(blob), 1 << 16);
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return new GZIPInputStream(in, 1 << 16);
        }
        if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5 && (magic[2] & 0xff) == 0x2f
                && (magic[3] & 0xff) == 0xfd) {
            in.close();
            throw new IOException(blob + ": zstd layers are not read by the differential test; build with gzip");
        }
        return in;
    }
}
