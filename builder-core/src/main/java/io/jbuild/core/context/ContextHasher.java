package io.jbuild.core.context;

import io.jbuild.grammar.reference.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Cache keys for COPY/ADD from the context: a sha256 over exactly the selected files' contents and the metadata that
 * ends up in a layer (relative path, type, permission bits, uid, gid, link target, hard links, device numbers;
 * the modification time only if asked). Contents are streamed; each file's content digest is remembered with its
 * size, mtime, ctime and inode in a cache file per context under the caller's directory, so hashing an unchanged
 * context reads no file contents.
 *
 * <p>Thread-safe. The in-memory cache is per instance (no static state); share one instance per process.
 */
public final class ContextHasher {

    private static final int BUFFER = 1 << 16;

    /** What to hash besides contents and layer metadata. */
    public record Options(boolean includeMtime) {
        public static final Options DEFAULT = new Options(false);
    }

    /**
     * @param digest      {@code sha256:<hex>}
     * @param filesRead   files whose contents were read
     * @param cacheHits   files whose digest came from the cache
     * @param bytesRead   content bytes read
     */
    public record Result(String digest, int filesRead, int cacheHits, long bytesRead) {
    }

    private final Optional<Path> cacheDir;
    private final Options options;
    private final Consumer<String> warnings;
    private final Map<Path, HashCache> caches;

    private ContextHasher(Optional<Path> cacheDir, Options options, Consumer<String> warnings,
                          Map<Path, HashCache> caches) {
        this.cacheDir = cacheDir;
        this.options = options;
        this.warnings = warnings;
        this.caches = caches;
    }

    /** A hasher that keeps its per-context cache files in {@code cacheDir} (created when first written). */
    public static ContextHasher withCache(Path cacheDir) {
        return withCache(cacheDir, message -> System.getLogger(ContextHasher.class.getName()).log(System.Logger.Level.WARNING, message));
    }

    public static ContextHasher withCache(Path cacheDir, Consumer<String> warnings) {
        return new ContextHasher(Optional.of(cacheDir), Options.DEFAULT, warnings, new ConcurrentHashMap<>());
    }

    /** A hasher that reads every selected file each time. */
    public static ContextHasher withoutCache() {
        return new ContextHasher(Optional.empty(), Options.DEFAULT, message -> { }, new ConcurrentHashMap<>());
    }

    /** The same hasher (sharing its cache) with other options. */
    public ContextHasher withOptions(Options newOptions) {
        return new ContextHasher(cacheDir, newOptions, warnings, caches);
    }

    /**
     * Hashes what the sources select: for each, its name and what it resolved to, then every entry of the target's
     * walk with paths relative to the target. The cache file is saved at the end if anything new was learnt.
     */
    public Result hash(BuildContext context, List<SourceMatch> sources) throws IOException {
        Run run = new Run(context, cacheFor(context));
        for (SourceMatch source : sources) {
            run.put('S');
            run.put(source.path().rawBytes());
            run.put(source.target().path().rawBytes());
            ContextPath base = source.target().path();
            Map<FileIdentity, ContextPath> firstLinks = new HashMap<>();
            context.walk(base, e -> run.entry(e.path().relativeTo(base), e, firstLinks));
        }
        if (run.cache != null) {
            try {
                run.cache.save();
            } catch (IOException e) {
                warnings.accept("cannot save context hash cache: " + ContextTree.reason(e));
            }
        }
        return new Result("sha256:" + HexFormat.of().formatHex(run.total.digest()), run.filesRead, run.cacheHits,
                run.bytesRead);
    }

    /** Hashes context paths as sources named by themselves (no link following: they must be as the walk has them). */
    public Result hash(BuildContext context, ContextPath... paths) throws IOException {
        List<SourceMatch> sources = new ArrayList<>();
        for (ContextPath p : paths) {
            ContextEntry e = context.lookup(p).orElseThrow(() -> new ContextException(
                    "not in build context " + context.root() + ": " + ContextTree.display(p)));
            sources.add(new SourceMatch(p, e));
        }
        return hash(context, sources);
    }

    private HashCache cacheFor(BuildContext context) {
        if (cacheDir.isEmpty()) {
            return null;
        }
        byte[] rootKey = HostPaths.pathBytes(context.root());
        return caches.computeIfAbsent(context.root(), root -> {
            String name = "context-" + HexFormat.of().formatHex(sha256().digest(rootKey), 0, 16) + ".hashes";
            return HashCache.load(cacheDir.get().resolve(name), rootKey, warnings);
        });
    }

    private static MessageDigest sha256() {
        return Digest.newMessageDigest(Digest.SHA256);
    }

    /** One hash computation. */
    private final class Run {
        final BuildContext context;
        final HashCache cache;
        final MessageDigest total = sha256();
        final ByteBuffer scratch = ByteBuffer.allocate(8);
        final MessageDigest file = sha256();
        final byte[] buffer = new byte[BUFFER];
        int filesRead;
        int cacheHits;
        long bytesRead;

        Run(BuildContext context, HashCache cache) {
            this.context = context;
            this.cache = cache;
        }

        /**
         * One entry as a self-delimiting record (every variable-length field is length-prefixed), so that no two
         * different trees can produce the same byte stream.
         */
        void entry(ContextPath rel, ContextEntry e, Map<FileIdentity, ContextPath> firstLinks) throws IOException {
            put('E');
            put(rel.rawBytes());
            put((byte) e.type().ordinal());
            putLong(e.permissions());
            putLong(e.uid());
            putLong(e.gid());
            switch (e.type()) {
                case FILE -> {
                    ContextPath first = e.isHardLinked() ? firstLinks.putIfAbsent(e.identity(), rel) : null;
                    if (first != null) {
                        put('H'); // stored as a hard link to an earlier entry
                        put(first.rawBytes());
                    } else {
                        put('C');
                        total.update(contentDigest(e));
                    }
                }
                case SYMLINK -> put(e.linkTarget().orElseThrow().rawBytes());
                case OTHER -> {
                    putLong(e.mode() & ContextEntry.TYPE_MASK);
                    putLong(e.rdev());
                }
                case DIRECTORY -> {
                }
            }
            if (options.includeMtime()) {
                putLong(HashCache.nanos(e.mtime()));
            }
        }

        private byte[] contentDigest(ContextEntry e) throws IOException {
            if (cache != null) {
                Optional<byte[]> hit = cache.lookup(e);
                if (hit.isPresent()) {
                    cacheHits++;
                    return hit.get();
                }
            }
            Instant readStart = Instant.now();
            file.reset();
            try (InputStream in = context.openContent(e)) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    file.update(buffer, 0, n);
                    bytesRead += n;
                }
            } catch (ContextException ex) {
                throw ex;
            } catch (IOException ex) {
                throw new ContextException("cannot read " + e.path() + " in build context " + context.root() + ": "
                        + ContextTree.reason(ex), ex);
            }
            filesRead++;
            byte[] digest = file.digest();
            if (cache != null) {
                cache.store(e, digest, readStart);
            }
            return digest;
        }

        void put(char tag) {
            total.update((byte) tag);
        }

        void put(byte b) {
            total.update(b);
        }

        void put(byte[] bytes) {
            putLong(bytes.length);
            total.update(bytes);
        }

        void putLong(long v) {
            scratch.clear();
            scratch.putLong(v);
            total.update(scratch.array());
        }
    }

    @Override
    public String toString() {
        return "ContextHasher[" + cacheDir.map(Path::toString).orElse("no cache") + ", " + options + "]";
    }
}
