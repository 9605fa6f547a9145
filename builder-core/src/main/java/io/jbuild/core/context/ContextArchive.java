package io.jbuild.core.context;

import io.jbuild.core.layer.Archives;
import io.jbuild.core.layer.LayerApplier;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * A build context sent as an archive, as {@code docker build - < context.tar.gz} sends one: a tar, plain or
 * compressed with gzip, bzip2, xz or zstd, unpacked into a directory that then is the context. The archive cannot
 * write outside that directory (entries that climb out are refused, symlinks are resolved inside it), and it
 * stops at a size limit, so a decompression bomb cannot fill the disk.
 */
public final class ContextArchive {

    /** How many leading bytes {@link #isArchive} needs to tell an archive from a Dockerfile. */
    public static final int HEAD_BYTES = Archives.HEAD_BYTES;

    private ContextArchive() {
    }

    /**
     * Whether {@code head} (the first up to {@link #HEAD_BYTES} bytes of a stream) starts an archive rather than
     * text: a compression format's magic number, or a tar header.
     */
    public static boolean isArchive(byte[] head) {
        return Archives.startsArchive(head);
    }

    /**
     * Unpacks the archive in {@code in} into {@code dir} (which should be empty).
     *
     * @param maxBytes the most uncompressed bytes accepted
     * @throws IOException not an archive, a corrupt one, an entry that climbs out of {@code dir}, or too large
     */
    public static void extract(InputStream in, Path dir, long maxBytes) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        buffered.mark(HEAD_BYTES);
        byte[] head = buffered.readNBytes(HEAD_BYTES);
        buffered.reset();
        if (!isArchive(head)) {
            throw new IOException("not a tar archive (nor gzip, bzip2, xz or zstd)");
        }
        new LayerApplier(maxBytes, LayerApplier.Form.ARCHIVE).applyTar(Archives.decompressed(buffered), dir);
    }
}
