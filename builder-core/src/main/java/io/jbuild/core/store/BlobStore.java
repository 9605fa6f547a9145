package io.jbuild.core.store;

import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.image.DigestingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Content-addressed blobs: {@code blobs/<algorithm>/<hex>} of an OCI layout. Every blob is written through
 * a temporary file in the store's {@code tmp} directory, digested while streaming, fsynced and renamed into
 * place, so a blob file is always complete and matches its name.
 */
public final class BlobStore {

    private static final String TEMP_PREFIX = "blob-";

    /**
     * Puts a blob the store lacks in place when a reader needs it: blobs a build knows where to get but has not
     * fetched yet (a {@code --cache-from} hit of a build whose image is only pushed), or waits until one being
     * fetched and checked is ready to read.
     */
    @FunctionalInterface
    public interface MissingBlobs {
        /** Fetches {@code digest} into the store if it is one of those; false if it is not. */
        boolean fetch(Digest digest) throws IOException;
    }

    private final Path blobsDir;
    private final Path tmpDir;
    /** Null: a missing blob is missing. */
    private final MissingBlobs missing;

    BlobStore(Path blobsDir, Path tmpDir) {
        this(blobsDir, tmpDir, null);
    }

    private BlobStore(Path blobsDir, Path tmpDir, MissingBlobs missing) {
        this.blobsDir = blobsDir;
        this.tmpDir = tmpDir;
        this.missing = missing;
    }

    /** The same store, whose {@link #open} first asks {@code missing} about the blob. */
    public BlobStore fetching(MissingBlobs missing) {
        return new BlobStore(blobsDir, tmpDir, missing);
    }

    /** Where the blob lives (whether or not it exists). */
    public Path path(Digest digest) {
        return blobsDir.resolve(digest.algorithm()).resolve(digest.encoded());
    }

    public boolean has(Digest digest) {
        return Files.isRegularFile(path(digest));
    }

    /** The blob's size in bytes. */
    public long size(Digest digest) throws IOException {
        try {
            return Files.size(path(digest));
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(digest);
        }
    }

    /** Opens the blob for reading, unchecked (it was checked when written). */
    public InputStream open(Digest digest) throws IOException {
        // Asked even for a blob present: one written by a background fetch may still be being checked.
        if (missing != null) {
            missing.fetch(digest);
        }
        try {
            return Files.newInputStream(path(digest));
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(digest);
        }
    }

    /** Opens the blob so that reading it to the end checks its digest (fails on a corrupted file). */
    public InputStream openVerified(Digest digest) throws IOException {
        return new DigestingInputStream(open(digest), digest, -1);
    }

    /**
     * Reads a small blob (a manifest or config) whole, checking its digest.
     *
     * @throws IOException if it is larger than {@code maxSize}, missing or corrupt
     */
    public byte[] readAll(Digest digest, int maxSize) throws IOException {
        return readWhole(digest, maxSize, true);
    }

    /**
     * Reads a small blob whole without checking its digest, for a caller that checks it before the bytes leave this
     * machine or are trusted (a push reads its manifests so, and sends nothing when the registry has them already:
     * SHA-256's first use was a fifth of a re-push).
     *
     * @throws IOException if it is larger than {@code maxSize} or missing
     */
    public byte[] readAllUnchecked(Digest digest, int maxSize) throws IOException {
        return readWhole(digest, maxSize, false);
    }

    private byte[] readWhole(Digest digest, int maxSize, boolean checked) throws IOException {
        long size = size(digest);
        if (size > maxSize) {
            throw new IOException("blob " + digest + " is " + size + " bytes, more than the " + maxSize + " allowed here");
        }
        try (InputStream in = checked ? openVerified(digest) : open(digest)) {
            return in.readAllBytes();
        }
    }

    /** Starts writing a new blob; commit or close it. */
    public BlobWriter writer() throws IOException {
        return BlobWriter.create(this, tmpDir);
    }

    /** A new temporary file name, {@code blob-<pid>-<uuid>.tmp}: the pid tells {@link #recover} whose it is. */
    static String tempName() {
        return TEMP_PREFIX + ProcessHandle.current().pid() + "-" + UUID.randomUUID() + ".tmp";
    }

    /**
     * Deletes the temporary files of blob writers that died (killed mid-download or mid-layer), leaving those of
     * live writers in other processes: a live writer holds a lock on its file, the operating system drops it when
     * the writer dies. This process's own files are left alone without looking: locking and closing a file this
     * process has locked would drop its lock (POSIX locks belong to the process), and a writer of this process is
     * alive or was closed (which deletes its file). Files of other names are {@code prune}'s. Returns how many
     * were deleted.
     */
    public int recover() throws IOException {
        String own = null; // this process's prefix, looked up only when there are files (its set-up costs ~4 ms)
        List<Path> candidates = new ArrayList<>();
        // Names checked by hand: a glob or a regular expression would set up java.lang.invoke on every command.
        try (DirectoryStream<Path> files = Files.newDirectoryStream(tmpDir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (!name.startsWith(TEMP_PREFIX) || !name.endsWith(".tmp")) {
                    continue;
                }
                own = own != null ? own : TEMP_PREFIX + ProcessHandle.current().pid() + "-";
                if (!name.startsWith(own) && writerName(name.substring(TEMP_PREFIX.length()))) {
                    candidates.add(f);
                }
            }
        } catch (NoSuchFileException e) {
            return 0;
        }
        int deleted = 0;
        for (Path f : candidates) {
            if (deleteIfAbandoned(f)) {
                deleted++;
            }
        }
        return deleted;
    }

    private static boolean deleteIfAbandoned(Path file) throws IOException {
        // Without CREATE: a file its writer committed or deleted meanwhile is simply gone.
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                return false; // another thread of this process is recovering it
            }
            if (lock == null) {
                return false; // its writer lives
            }
            Files.deleteIfExists(file); // under the lock: a writer that locks it next sees it gone
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /**
     * Copies a stream into the store (the caller closes {@code in}).
     *
     * @param expected     the digest the content must have, or null to accept any; a blob already present
     *                     with this digest is not read again
     * @param expectedSize the size it must have, or -1
     * @throws io.jbuild.core.image.DigestMismatchException when the content differs; nothing is stored
     */
    public BlobInfo put(InputStream in, Digest expected, long expectedSize) throws IOException {
        if (expected != null && has(expected)) {
            long size = size(expected);
            if (expectedSize < 0 || expectedSize == size) {
                return new BlobInfo(expected, size);
            }
        }
        try (BlobWriter w = writer()) {
            in.transferTo(w);
            return w.commit(expected, expectedSize);
        }
    }

    /** Stores a stream of unknown digest. */
    public BlobInfo put(InputStream in) throws IOException {
        return put(in, null, -1);
    }

    /** Stores bytes in memory (small JSON documents). */
    public BlobInfo put(byte[] content) throws IOException {
        Digest digest = Digest.of(content);
        if (has(digest)) {
            return new BlobInfo(digest, content.length);
        }
        try (BlobWriter w = writer()) {
            w.write(content);
            return w.commit(digest, content.length);
        }
    }

    /** Every blob in the store. */
    public List<Digest> list() throws IOException {
        List<Digest> out = new ArrayList<>();
        if (!Files.isDirectory(blobsDir)) {
            return out;
        }
        try (DirectoryStream<Path> algorithms = Files.newDirectoryStream(blobsDir, Files::isDirectory)) {
            for (Path algorithm : algorithms) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(algorithm)) {
                    for (Path f : files) {
                        try {
                            out.add(new Digest(algorithm.getFileName().toString(), f.getFileName().toString()));
                        } catch (IllegalArgumentException e) {
                            // not a blob (a stray file); prune leaves what it does not understand alone
                        }
                    }
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return out;
    }

    /** Deletes a blob; package-private because only the garbage collector may, under the store lock. */
    boolean delete(Digest digest) throws IOException {
        return Files.deleteIfExists(path(digest));
    }

    /** {@code PID-anything}: digits, a dash and at least one more character, as a writer names its file. */
    private static boolean writerName(String rest) {
        int i = 0;
        while (i < rest.length() && rest.charAt(i) >= '0' && rest.charAt(i) <= '9') {
            i++;
        }
        return i > 0 && i + 1 < rest.length() && rest.charAt(i) == '-';
    }
}
