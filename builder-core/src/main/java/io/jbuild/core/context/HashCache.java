package io.jbuild.core.context;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * Content digests of one context's files, remembered with the metadata they were computed for (size, mtime, ctime,
 * inode, device), like BuildKit's and git's stat caches: an entry is reused only while all of those are unchanged.
 * ctime catches edits whose mtime was set back ({@code cp -p}, {@code touch -d}); a file whose timestamps are too
 * recent to tell a later same-tick write apart is not remembered ("racily clean", as git calls it).
 *
 * <p>Kept in one small file, written whole to a temporary file and renamed over the old one, so a reader sees the
 * old or the new version, never half of one. A file that is unreadable, truncated or fails its CRC is ignored.
 */
final class HashCache {

    private static final int MAGIC = 0x4A424843; // "JBHC"
    private static final int VERSION = 1;
    private static final int DIGEST_BYTES = 32;
    /** Above this many entries, the ones this process did not use are dropped when saving. */
    private static final int KEEP_UNUSED_UP_TO = 200_000;
    /** How far a file's timestamps must be in the past for its digest to be trusted later. */
    static final long RACY_NANOS = 100_000_000L;

    /** What a digest was computed for. */
    private record Stamp(long size, long mtime, long ctime, long inode, long device) {
        static Stamp of(ContextEntry e) {
            return new Stamp(e.size(), nanos(e.mtime()), nanos(e.ctime()), e.identity().inode(),
                    e.identity().device());
        }

        // Written out: the generated equals is linked through invokedynamic on first use (see Digest).
        @Override
        public boolean equals(Object o) {
            return o instanceof Stamp t && size == t.size && mtime == t.mtime && ctime == t.ctime
                    && inode == t.inode && device == t.device;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(new long[] {size, mtime, ctime, inode, device});
        }
    }

    private record Cached(Stamp stamp, byte[] digest) {
    }

    private final Path file;
    private final byte[] rootKey;
    private final Map<ContextPath, Cached> entries = new HashMap<>();
    private final Set<ContextPath> used = new HashSet<>();
    private boolean dirty;

    private HashCache(Path file, byte[] rootKey) {
        this.file = file;
        this.rootKey = rootKey;
    }

    /** Loads the cache file for a context; a missing or damaged file gives an empty cache. */
    static HashCache load(Path file, byte[] rootKey, Consumer<String> warnings) {
        HashCache cache = new HashCache(file, rootKey);
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return cache;
        } catch (IOException e) {
            warnings.accept("ignoring unreadable context hash cache " + file + ": " + ContextTree.reason(e));
            return cache;
        }
        try {
            cache.parse(data);
        } catch (CorruptException | BufferUnderflowException | IllegalArgumentException e) {
            cache.entries.clear();
            warnings.accept("ignoring damaged context hash cache " + file + " (it will be rewritten)");
        }
        return cache;
    }

    private static final class CorruptException extends Exception {
    }

    private void parse(byte[] data) throws CorruptException {
        if (data.length < 16) {
            throw new CorruptException();
        }
        CRC32C crc = new CRC32C();
        crc.update(data, 0, data.length - 4);
        ByteBuffer buf = ByteBuffer.wrap(data);
        if (buf.getInt(data.length - 4) != (int) crc.getValue() || buf.getInt() != MAGIC
                || buf.getInt() != VERSION) {
            throw new CorruptException();
        }
        if (!Arrays.equals(bytes(buf), rootKey)) {
            return; // another context's file under the same name: start afresh
        }
        int count = buf.getInt();
        for (int k = 0; k < count; k++) {
            ContextPath path = ContextPath.ofBytes(bytes(buf));
            Stamp stamp = new Stamp(buf.getLong(), buf.getLong(), buf.getLong(), buf.getLong(), buf.getLong());
            byte[] digest = new byte[DIGEST_BYTES];
            buf.get(digest);
            entries.put(path, new Cached(stamp, digest));
        }
        if (buf.remaining() != 4) {
            throw new CorruptException();
        }
    }

    private static byte[] bytes(ByteBuffer buf) {
        int n = buf.getInt();
        if (n < 0 || n > buf.remaining()) {
            throw new IllegalArgumentException("bad length");
        }
        byte[] b = new byte[n];
        buf.get(b);
        return b;
    }

    /** The remembered digest of a file entry, if its metadata has not changed. */
    synchronized Optional<byte[]> lookup(ContextEntry e) {
        Cached c = entries.get(e.path());
        if (c == null || !c.stamp().equals(Stamp.of(e))) {
            return Optional.empty();
        }
        used.add(e.path());
        return Optional.of(c.digest().clone());
    }

    /**
     * Remembers a digest computed by reading the file, unless the file's timestamps are within {@link #RACY_NANOS}
     * of {@code readStart}: a write in the same clock tick after the read would leave them unchanged.
     */
    synchronized void store(ContextEntry e, byte[] digest, Instant readStart) {
        long limit = nanos(readStart) - RACY_NANOS;
        Stamp stamp = Stamp.of(e);
        if (stamp.mtime() >= limit || stamp.ctime() >= limit) {
            if (entries.remove(e.path()) != null) {
                dirty = true;
            }
            return;
        }
        entries.put(e.path(), new Cached(stamp, digest.clone()));
        used.add(e.path());
        dirty = true;
    }

    /** Writes the cache if it changed: to a temporary file in the same directory, synced, then renamed. */
    synchronized void save() throws IOException {
        if (!dirty) {
            return;
        }
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                CRC32C crc = new CRC32C();
                OutputStream raw = Channels.newOutputStream(channel);
                DataOutputStream out = new DataOutputStream(new CheckedOutputStream(
                        new BufferedOutputStream(raw, 1 << 16), crc)); // not closed: the channel is
                out.writeInt(MAGIC);
                out.writeInt(VERSION);
                out.writeInt(rootKey.length);
                out.write(rootKey);
                boolean dropUnused = entries.size() > KEEP_UNUSED_UP_TO;
                int count = 0;
                for (ContextPath p : entries.keySet()) {
                    if (!dropUnused || used.contains(p)) {
                        count++;
                    }
                }
                out.writeInt(count);
                for (Map.Entry<ContextPath, Cached> en : entries.entrySet()) {
                    if (dropUnused && !used.contains(en.getKey())) {
                        continue;
                    }
                    byte[] path = en.getKey().rawBytes();
                    Stamp s = en.getValue().stamp();
                    out.writeInt(path.length);
                    out.write(path);
                    out.writeLong(s.size());
                    out.writeLong(s.mtime());
                    out.writeLong(s.ctime());
                    out.writeLong(s.inode());
                    out.writeLong(s.device());
                    out.write(en.getValue().digest());
                }
                out.flush();
                int sum = (int) crc.getValue();
                ByteBuffer trailer = ByteBuffer.allocate(4).putInt(sum).flip();
                while (trailer.hasRemaining()) {
                    channel.write(trailer);
                }
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            dirty = false;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
