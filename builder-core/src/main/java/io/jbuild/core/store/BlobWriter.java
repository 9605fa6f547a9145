package io.jbuild.core.store;

import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.image.DigestMismatchException;
import io.jbuild.core.image.DigestedOutput;
import io.jbuild.core.image.DigestingOutputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Streams a new blob into the store. Bytes go to a temporary file beside the blobs while being digested;
 * {@link #commit} checks the digest, fsyncs and renames the file into place. Closing without committing
 * (or a failed commit) deletes the temporary file, so nothing is left behind.
 *
 * <p>The temporary file is named for this process ({@code blob-<pid>-<uuid>.tmp}) and locked while it is written,
 * so that when a writer is killed the next process to open the store can tell its file from a live writer's and
 * delete it ({@link BlobStore#recover}).
 */
public final class BlobWriter extends OutputStream implements DigestedOutput {

    private final BlobStore blobs;
    private final Path tmp;
    private final FileChannel channel;
    private final DigestingOutputStream out;
    private BlobInfo committed;
    private boolean closed;

    private BlobWriter(BlobStore blobs, Path tmp, FileChannel channel) {
        this.blobs = blobs;
        this.tmp = tmp;
        this.channel = channel;
        this.out = new DigestingOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024));
    }

    /**
     * Creates and locks a temporary file in {@code tmpDir}. Another process's recovery may delete a file in the
     * moment between its creation and its lock (it looks abandoned then): a file gone once locked is given up for
     * a new one.
     */
    static BlobWriter create(BlobStore blobs, Path tmpDir) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Path tmp = tmpDir.resolve(BlobStore.tempName());
            FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                channel.lock(); // released when the channel closes
                if (Files.exists(tmp, LinkOption.NOFOLLOW_LINKS)) {
                    return new BlobWriter(blobs, tmp, channel);
                }
            } catch (IOException | RuntimeException e) {
                channel.close();
                Files.deleteIfExists(tmp);
                throw e;
            }
            channel.close();
            if (attempt == 3) {
                throw new IOException("cannot keep a temporary file in " + tmpDir + ": it was deleted each time");
            }
        }
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        try {
            out.write(b);
        } catch (IOException e) {
            throw storeFailure(e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ensureOpen();
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw storeFailure(e);
        }
    }

    @Override
    public long size() {
        return out.size();
    }

    /** The digest {@link #commit} stores the content under; nothing more may be written after this call. */
    @Override
    public Digest digest() {
        return out.digest();
    }

    /** Stores what was written, without an expected digest. */
    public BlobInfo commit() throws IOException {
        return commit(null, -1);
    }

    /**
     * Stores what was written.
     *
     * @param expected     the digest the content must have, or null
     * @param expectedSize the size it must have, or -1
     * @throws DigestMismatchException when the content differs; the temporary file is deleted
     */
    public BlobInfo commit(Digest expected, long expectedSize) throws IOException {
        ensureOpen();
        closed = true;
        try {
            try {
                out.flush();
                channel.force(true);
            } catch (IOException e) {
                throw storeFailure(e);
            }
            Digest actual = out.digest();
            if ((expected != null && !expected.equals(actual)) || (expectedSize >= 0 && expectedSize != out.size())) {
                throw new DigestMismatchException(expected, actual, expectedSize, out.size());
            }
            Path target = blobs.path(actual);
            Files.createDirectories(target.getParent());
            // Renamed while still locked, then closed: closing first freed the lock, and another process's
            // BlobStore.recover could take the file for an abandoned one and delete it before the rename.
            AtomicFiles.move(tmp, target);
            channel.close();
            committed = new BlobInfo(actual, out.size());
            return committed;
        } finally {
            if (committed == null) {
                discard();
            }
        }
    }

    /** Without a commit: discards what was written. After a commit: nothing. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            discard();
        }
    }

    private void discard() throws IOException {
        try {
            channel.close();
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * A write error that names the store: "No space left on device" alone does not say which disk filled up (the
     * temporary file is deleted on close).
     */
    private IOException storeFailure(IOException e) {
        Path root = tmp.getParent().getParent();
        return new StoreWriteException("writing a blob to the store " + root + ": " + e.getMessage(), e);
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("blob writer already " + (committed != null ? "committed" : "closed"));
        }
    }
}
