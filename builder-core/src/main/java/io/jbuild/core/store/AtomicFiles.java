package io.jbuild.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/** Writing files so that a reader, or a crash, never sees half of one. */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /** A new, unique path for a temporary file in {@code dir}. */
    static Path tempPath(Path dir, String prefix) {
        return dir.resolve(prefix + UUID.randomUUID() + ".tmp");
    }

    /** Writes {@code content} to {@code target}: temp file in {@code tmpDir}, fsync, rename, fsync of the directory. */
    public static void write(Path target, byte[] content, Path tmpDir) throws IOException {
        Path tmp = tempPath(tmpDir, target.getFileName() + "-");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Renames atomically (replacing {@code target}) and makes the rename durable. */
    static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + tmp + " to " + target + " atomically: the store's tmp directory"
                    + " must be on the same file system as its blobs", e);
        }
        syncDirectory(target.getParent());
    }

    /** fsync of a directory, so that a rename in it survives a power loss; a no-op where unsupported. */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some platforms (Windows) cannot open directories; the rename is still atomic there.
        }
    }
}
