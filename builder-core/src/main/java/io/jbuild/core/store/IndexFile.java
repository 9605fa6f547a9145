package io.jbuild.core.store;

import io.jbuild.core.image.ImageIndex;
import io.jbuild.core.image.OciJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The layout's {@code index.json}. Readers take no lock: the file is only ever replaced by an atomic rename,
 * so a reader sees the old or the new index, never half of one. Writers must hold the store lock.
 */
final class IndexFile {

    private final Path file;
    private final Path tmpDir;
    private final StoreLock lock;

    IndexFile(Path file, Path tmpDir, StoreLock lock) {
        this.file = file;
        this.tmpDir = tmpDir;
        this.lock = lock;
    }

    Path path() {
        return file;
    }

    /** The current index; an empty one if there is no file yet. */
    ImageIndex read() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return ImageIndex.oci(List.of());
        }
        try {
            return OciJson.read(bytes, ImageIndex.class);
        } catch (IOException e) {
            throw new IOException("the store's index " + file + " is not a valid OCI index: " + e.getMessage(), e);
        }
    }

    /** Replaces the index atomically; the caller holds the store lock. */
    void write(ImageIndex index) throws IOException {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("index.json written without the store lock");
        }
        AtomicFiles.write(file, OciJson.writeIndex(index), tmpDir);
    }
}
