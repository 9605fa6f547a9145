package io.jbuild.core.store;

import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.image.Descriptor;
import io.jbuild.core.image.OciJson;
import io.jbuild.grammar.reference.ImageReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Which registry index a tag's image was chosen from when it was pulled (the index itself is kept as a blob): a tag
 * names one platform's image, and a multi-platform build that needs another platform's image of that tag finds it
 * through here, in the store, instead of asking the registry again (so it works offline). One small file per tag,
 * replaced atomically; a lost or damaged one only means a fetch.
 */
public final class PulledIndexes {

    private static final long MAX_RECORD = 4096;

    private final Path dir;
    private final Path tmp;

    PulledIndexes(StorePaths paths) {
        this.dir = paths.pulledIndexes();
        this.tmp = paths.tmp();
    }

    /** Records that {@code tag}'s image came from {@code index} (already stored). */
    public void remember(ImageReference tag, Descriptor index) throws IOException {
        Files.createDirectories(dir);
        AtomicFiles.write(file(tag), OciJson.write(index.withAnnotations(Map.of())), tmp);
    }

    /** The index {@code tag}'s image was last pulled from; empty if not recorded (or the record is unreadable). */
    public Optional<Descriptor> of(ImageReference tag) {
        Path f = file(tag);
        try {
            if (Files.size(f) > MAX_RECORD) {
                return Optional.empty();
            }
            return Optional.of(OciJson.read(Files.readAllBytes(f), Descriptor.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // none, or a damaged one: the image is fetched again and the record rewritten
        }
    }

    private Path file(ImageReference tag) {
        byte[] hash = Digest.newMessageDigest(Digest.SHA256).digest(tag.toString().getBytes(StandardCharsets.UTF_8));
        return dir.resolve(HexFormat.of().formatHex(hash));
    }
}
