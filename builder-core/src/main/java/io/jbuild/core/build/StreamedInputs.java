package io.jbuild.core.build;

import io.jbuild.core.context.ContextArchive;
import io.jbuild.core.snapshot.SnapshotStore;
import io.jbuild.core.store.ImageStore;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Build inputs that arrive as a stream, as {@code docker build -} and {@code docker build -f -} take them from
 * standard input: a Dockerfile, or a whole context as a (compressed) tar. They are written to a scratch directory
 * of the store, locked like a build's own, that {@link #close()} deletes, and the next build deletes if this
 * process is killed first.
 */
public final class StreamedInputs implements AutoCloseable {

    /** Far above any real Dockerfile; a larger stream is refused rather than written to disk. */
    public static final long MAX_DOCKERFILE_BYTES = 64L << 20;

    private final BuildWorkDir dir;

    private StreamedInputs(BuildWorkDir dir) {
        this.dir = dir;
    }

    /** A scratch directory in {@code store}, for this build's streamed inputs. */
    public static StreamedInputs open(ImageStore store) throws IOException {
        return new StreamedInputs(BuildWorkDir.create(store.paths().buildWork()));
    }

    /** What {@code -} as the context stood for: the context directory, and the Dockerfile when that was sent. */
    public record Context(Path dir, Optional<Path> dockerfile) {
    }

    /** Writes the Dockerfile read from {@code in} (to its end) and returns its path. */
    public Path dockerfile(InputStream in) throws IOException {
        Path file = dir.path().resolve("Dockerfile");
        try (OutputStream out = Files.newOutputStream(file)) {
            long n = in.transferTo(new Bounded(out, MAX_DOCKERFILE_BYTES));
            if (n == 0) {
                throw new IOException("the Dockerfile read from standard input is empty");
            }
        }
        return file;
    }

    /**
     * Reads {@code -} as docker does: a tar (plain, gzip, bzip2, xz or zstd) is the whole context, unpacked here;
     * anything else is a Dockerfile, built with an empty context.
     */
    public Context context(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        buffered.mark(ContextArchive.HEAD_BYTES);
        byte[] head = buffered.readNBytes(ContextArchive.HEAD_BYTES);
        buffered.reset();
        Path context = Files.createDirectory(dir.path().resolve("context"));
        if (ContextArchive.isArchive(head)) {
            try {
                ContextArchive.extract(buffered, context, SnapshotStore.DEFAULT_MAX_LAYER_BYTES);
            } catch (IOException e) {
                throw new IOException("cannot read the build context from standard input: " + e.getMessage(), e);
            }
            return new Context(context, Optional.empty());
        }
        return new Context(context, Optional.of(dockerfile(buffered)));
    }

    @Override
    public void close() throws IOException {
        dir.close();
    }

    /** Refuses to write past a limit. */
    private static final class Bounded extends OutputStream {
        private final OutputStream out;
        private long left;

        Bounded(OutputStream out, long limit) {
            this.out = out;
            this.left = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > left) {
                throw new IOException("the Dockerfile read from standard input is larger than "
                        + (MAX_DOCKERFILE_BYTES >> 20) + " MiB");
            }
            left -= len;
            out.write(b, off, len);
        }
    }
}
