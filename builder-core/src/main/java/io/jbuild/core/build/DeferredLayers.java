package io.jbuild.core.build;

import io.jbuild.core.image.Descriptor;
import io.jbuild.core.layer.LayerWriter;
import io.jbuild.core.layer.SpoolFile;
import io.jbuild.core.store.BlobInfo;
import io.jbuild.core.store.BlobStore;
import io.jbuild.core.store.BlobWriter;
import io.jbuild.grammar.reference.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A build's RUN layers compressed in the background, as BuildKit compresses only when it exports: the step writes
 * its layer's tar uncompressed to a spool file in the build's scratch directory (that gives the diff ID, which is
 * all the next steps and the image config need; the step's upper directory is already the layer's snapshot), and
 * the next step starts while one thread here gzips the spool into the store. That thread starts on a spool as soon
 * as the step starts writing it ({@link #start}), reading it as it grows: the tar and its compression share the
 * cores instead of taking turns, which is most of what a build whose last step is a big RUN waits for. Until then the layer stands in the
 * stage's image under a placeholder descriptor, which {@link #settle} replaces; a stage is settled before anything
 * else reads its image (a child stage, the image commit). The step's cache entry is written once its blob is
 * stored, so none names a blob not yet there, and the step is reported done only then ({@link HeldProgress}): a
 * build killed after a step's DONE finds the step cached next time, as before.
 *
 * <p>One thread, so a build compresses one layer at a time beside its steps (the gzip itself is parallel on the
 * build's compression pool); the spool files queue on disk, never in memory. A failed build's {@link #close}
 * interrupts the work and waits for it: the blob writer discards its temporary file and the spool goes with the
 * scratch directory, as both do when the process is killed.
 */
final class DeferredLayers implements AutoCloseable {

    /** A layer whose blob is being made: where it stands in its stage, and how it goes into the cache. */
    private record Pending(ImageState image, int index, StageRootfs rootfs, Digest placeholder,
                           Future<Descriptor> blob) {
    }

    private final BlobStore blobs;
    private final LayerWriter writer;
    private final StepCache cache;
    private final HeldProgress progress;
    private final ExecutorService thread;
    private final List<Pending> pending = new ArrayList<>();

    DeferredLayers(BlobStore blobs, LayerWriter writer, StepCache cache, HeldProgress progress) {
        this.blobs = blobs;
        this.writer = writer;
        this.cache = cache;
        this.progress = progress;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jbuild-layer-blobs");
            t.setDaemon(true);
            return t;
        });
    }

    /** A spool's blob in the making: the blob, and how many tar bytes it was made of. */
    record Compressing(Future<Stored> blob) {
        /** Waits for the blob; checks that it was made of the whole tar spooled. */
        Descriptor await(LayerWriter.Tar tar) throws IOException {
            Stored stored = DeferredLayers.await(blob);
            if (stored.tarSize() != tar.size()) {
                throw new IOException("the spooled layer has " + stored.tarSize() + " bytes, " + tar.size()
                        + " were written");
            }
            return stored.blob();
        }
    }

    private record Stored(Descriptor blob, long tarSize) {
    }

    /**
     * Queues the compression of {@code spool} into the store, reading it as it is written (its writer closes or
     * aborts it); the spool file is deleted once it is compressed. The caller hands the result to {@link #add} or
     * waits for it ({@link Compressing#await}).
     */
    Compressing start(SpoolFile spool) throws IOException {
        InputStream in = spool.reader(); // opened now: the file may be deleted before the thread gets to it
        try {
            return new Compressing(thread.submit(() -> compress(in, spool.file())));
        } catch (RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * Adds a layer whose spool is being compressed ({@link #start}) to the stage now, under a placeholder
     * descriptor. Once the blob is stored, its cache entry {@code cacheKey} is written and only then is step
     * {@code number} of {@code stage} reported done.
     */
    void add(Compressing compressing, LayerWriter.Tar tar, String cacheKey, ImageState image, StageRootfs rootfs,
             String stage, int number) {
        Digest diffId = Digest.parse(tar.diffId());
        // The diff ID stands for the blob's digest meanwhile: a reader that missed settle() finds no such blob
        // (a compressed layer's digest is never its diff ID) rather than a wrong one.
        Digest placeholder = diffId;
        progress.hold(stage, number);
        // The same single thread, after the compression queued before: by then the blob is stored.
        Future<Descriptor> blob = thread.submit(() -> {
            try {
                Descriptor stored = compressing.await(tar);
                cache.put(cacheKey, new StepCache.Layer(stored, diffId));
                progress.release(stage, number, Optional.empty());
                return stored;
            } catch (IOException | RuntimeException e) {
                progress.release(stage, number, Optional.of("storing its layer: " + e.getMessage()));
                throw e;
            }
        });
        synchronized (pending) {
            pending.add(new Pending(image, image.layers.size(), rootfs, placeholder, blob));
        }
        image.addLayer(Descriptor.of(writer.mediaType(), placeholder, tar.size()), diffId);
        rootfs.add(new StageRootfs.Layer(placeholder, diffId));
    }

    private Stored compress(InputStream spooled, Path spool) throws IOException {
        try (InputStream in = spooled; BlobWriter out = blobs.writer()) {
            LayerWriter.Compressed blob = writer.compress(in, out);
            BlobInfo info = out.commit();
            return new Stored(Descriptor.of(writer.mediaType(), info.digest(), info.size()), blob.tarSize());
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    /**
     * Waits for the layers {@code image}'s stage queued and puts their descriptors into the image and its file
     * system view. Called on the stage's own thread.
     */
    void settle(ImageState image) throws IOException {
        List<Pending> mine = new ArrayList<>();
        synchronized (pending) {
            for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
                Pending p = it.next();
                if (p.image() == image) {
                    mine.add(p);
                    it.remove();
                }
            }
        }
        for (Pending p : mine) {
            Descriptor blob = await(p.blob());
            p.image().layers.set(p.index(), blob);
            p.rootfs().resolve(p.placeholder(), blob.digest());
        }
    }

    private static <T> T await(Future<T> blob) throws IOException {
        try {
            return blob.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while a layer was being compressed");
        } catch (CancellationException e) {
            throw new InterruptedIOException("a layer's compression was cancelled");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException("compressing a layer failed: " + cause, cause);
        }
    }

    /** Stops what is still being compressed (a failed build) and waits for it to let go of its files. */
    @Override
    public void close() {
        thread.shutdownNow();
        boolean interrupted = false;
        while (true) {
            try {
                if (thread.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        progress.releaseAll();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
