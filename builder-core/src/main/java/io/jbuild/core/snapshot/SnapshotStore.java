package io.jbuild.core.snapshot;

import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.fs.ProcessLocks;
import io.jbuild.core.layer.LayerApplier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Image layers unpacked once into directories and shared by every later build: {@code DIR/<diffid-hex>/fs}. Each
 * is unpacked in overlay form ({@link LayerApplier.Form#OVERLAY}), so it can serve as an overlayfs lower directory
 * under any parent. Unpacking goes to a temporary directory, is checked against the diff ID, and is then renamed
 * into place, under a file lock per layer: concurrent builds (threads or processes) unpack a layer once, and a
 * snapshot directory that exists is complete.
 *
 * <p>Stacks deeper than one overlay mount takes are served by flattening their bottom layers into one directory,
 * {@code DIR/flat/<chainid-hex>/fs}, in fixed chunks so that a growing stack keeps reusing the same ones.
 */
public final class SnapshotStore {

    private static final Pattern DIFF_ID = Pattern.compile("sha256:[0-9a-f]{64}");
    /** Beside a snapshot's {@code fs}: the directories its tar needed but left out, NUL-separated. */
    private static final String IMPLICIT_DIRS = "implicit-dirs";

    /** The default ceiling on one layer's uncompressed size (a decompression bomb stops there). */
    public static final long DEFAULT_MAX_LAYER_BYTES = 64L << 30;

    /** How many bottom layers one flattening step merges by default. */
    public static final int DEFAULT_FLATTEN_CHUNK = 100;

    private final Path dir;
    private final int maxLowersPerMount;
    private final int flattenChunk;
    private final LayerApplier applier;

    public SnapshotStore(Path dir) {
        this(dir, OverlayMount.KERNEL_MAX_LOWERS, DEFAULT_FLATTEN_CHUNK, DEFAULT_MAX_LAYER_BYTES);
    }

    /**
     * @param maxLowersPerMount the most lower directories {@link #lowerDirs} returns (at most the kernel's 500)
     * @param flattenChunk      how many bottom layers one flattening step merges (2 ..< maxLowersPerMount)
     * @param maxLayerBytes     the most uncompressed bytes one layer may hold
     */
    public SnapshotStore(Path dir, int maxLowersPerMount, int flattenChunk, long maxLayerBytes) {
        this(dir, maxLowersPerMount, flattenChunk, new LayerApplier(maxLayerBytes, LayerApplier.Form.OVERLAY));
    }

    /**
     * Snapshots of the layers' metadata alone: names, types, owners, modes, times, links, and the bytes of files up
     * to {@code contentUpTo} (/etc/passwd, /etc/group), larger files as holes of their length. What a COPY or
     * WORKDIR looks at in the base (its destination's parents, symlinks and owners) costs no write of the base's
     * bytes, and is kept for later builds as the full snapshots are. Never for RUN or as a COPY --from source.
     */
    public static SnapshotStore metadataOnly(Path dir, long maxLayerBytes, long contentUpTo) {
        return new SnapshotStore(dir, OverlayMount.KERNEL_MAX_LOWERS, DEFAULT_FLATTEN_CHUNK,
                LayerApplier.metadataOnly(maxLayerBytes, LayerApplier.Form.OVERLAY, contentUpTo));
    }

    private SnapshotStore(Path dir, int maxLowersPerMount, int flattenChunk, LayerApplier applier) {
        if (maxLowersPerMount > OverlayMount.KERNEL_MAX_LOWERS || flattenChunk < 2
                || flattenChunk >= maxLowersPerMount) {
            throw new IllegalArgumentException("need 2 <= flattenChunk < maxLowersPerMount <= "
                    + OverlayMount.KERNEL_MAX_LOWERS + ", got " + flattenChunk + " and " + maxLowersPerMount);
        }
        this.dir = dir.toAbsolutePath().normalize();
        this.maxLowersPerMount = maxLowersPerMount;
        this.flattenChunk = flattenChunk;
        this.applier = applier;
    }

    public Path dir() {
        return dir;
    }

    /** The snapshot of a layer, if it has been unpacked. */
    public Optional<Path> find(String diffId) {
        Path fs = snapshotDir(diffId).resolve("fs");
        return Files.isDirectory(fs, LinkOption.NOFOLLOW_LINKS) ? Optional.of(fs) : Optional.empty();
    }

    /**
     * The snapshot of the layer {@code diffId}, unpacked from {@code blob} (gzip, zstd or plain tar) unless it
     * already is; then {@code blob} is not read. An unpacked blob is read to its end and closed.
     *
     * @throws IOException if the tar is unsafe, or is not the layer {@code diffId} names (nothing is kept then)
     */
    public Path unpack(String diffId, InputStream blob) throws IOException {
        Optional<Path> existing = find(diffId);
        if (existing.isPresent()) {
            return existing.get();
        }
        String hex = hex(diffId);
        return locked(hex, () -> {
            Optional<Path> raced = find(diffId);
            if (raced.isPresent()) {
                return raced.get(); // another build unpacked it while we waited for the lock
            }
            Path tmp = newTempDir(hex);
            try {
                Set<String> implicit = new TreeSet<>();
                String actual = applier.apply(blob, Files.createDirectories(tmp.resolve("fs")), implicit);
                if (!actual.equals(diffId)) {
                    throw new IOException("layer content does not match its diff ID: expected " + diffId
                            + ", the tar's digest is " + actual);
                }
                if (!implicit.isEmpty()) {
                    Files.write(tmp.resolve(IMPLICIT_DIRS), String.join("\0", implicit).getBytes(StandardCharsets.UTF_8));
                }
                Path target = snapshotDir(diffId);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                return target.resolve("fs");
            } finally {
                FileTrees.delete(tmp); // gone after the rename; what a failure left otherwise
            }
        });
    }

    /**
     * Takes {@code tree} (a directory on this store's file system, already in the form the layer {@code diffId}
     * unpacks to, see {@link UpperSnapshot}) as that layer's snapshot, by renaming it; false, and {@code tree} left
     * where it is, when the layer has a snapshot already or {@code tree} is on another file system.
     */
    boolean adopt(String diffId, Path tree) throws IOException {
        String hex = hex(diffId);
        return locked(hex, () -> {
            if (find(diffId).isPresent()) {
                return false;
            }
            Path tmp = newTempDir(hex);
            try {
                try {
                    Files.move(tree, tmp.resolve("fs"), StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    return false; // another file system: the layer is unpacked when needed
                }
                Files.move(tmp, snapshotDir(diffId), StandardCopyOption.ATOMIC_MOVE);
                return true;
            } finally {
                FileTrees.delete(tmp); // gone after the rename; what a failure left otherwise
            }
        });
    }

    /**
     * The lower directories for an image made of {@code diffIdsBottomFirst} (the order of an image config's
     * {@code rootfs.diff_ids}), top first, at most {@code maxLowersPerMount} of them: deeper stacks get their
     * bottom layers flattened (and cached). Every layer must have been unpacked.
     */
    public List<Path> lowerDirs(List<String> diffIdsBottomFirst) throws IOException {
        int n = diffIdsBottomFirst.size();
        List<Path> bottomFirst = new ArrayList<>();
        int from = 0;
        if (n > maxLowersPerMount) {
            int excess = n - maxLowersPerMount + 1;
            from = (excess + flattenChunk - 1) / flattenChunk * flattenChunk;
            bottomFirst.add(flattened(diffIdsBottomFirst.subList(0, from)));
        }
        for (int i = from; i < n; i++) {
            stack(bottomFirst, diffIdsBottomFirst.subList(0, i + 1));
        }
        if (bottomFirst.size() > OverlayMount.KERNEL_MAX_LOWERS) {
            throw new IOException(n + " layers need " + bottomFirst.size() + " lower directories, more than "
                    + "overlayfs takes (" + OverlayMount.KERNEL_MAX_LOWERS + ")");
        }
        return reversed(bottomFirst);
    }

    /**
     * Adds the snapshot of the last of {@code ids} to {@code bottomFirst}, and above it, if that layer's tar left
     * out directories it needed, a directory holding just those, with the mode, owner and time they have in the
     * layers below: in an overlay the topmost copy of a directory gives its attributes, and the made-up one
     * (root, 0755) would otherwise hide the real one. Such fix-ups are made once per chain and kept.
     */
    private void stack(List<Path> bottomFirst, List<String> ids) throws IOException {
        String id = ids.get(ids.size() - 1);
        Path snapshot = require(id);
        List<String> implicit = implicitDirs(snapshot.getParent());
        List<Path> below = reversed(bottomFirst);
        bottomFirst.add(snapshot);
        if (implicit.isEmpty() || below.isEmpty()) {
            return;
        }
        String chainHex = hex(chainId(ids));
        Path fs = dir.resolve("fixup").resolve(chainHex).resolve("fs");
        if (!Files.isDirectory(fs, LinkOption.NOFOLLOW_LINKS)) {
            String key = "fixup-" + chainHex;
            locked(key, () -> {
                if (Files.isDirectory(fs, LinkOption.NOFOLLOW_LINKS)) {
                    return fs;
                }
                Path tmp = newTempDir(key);
                try {
                    Path out = Files.createDirectories(tmp.resolve("out").resolve("fs"));
                    LowerView view = new LowerView(below);
                    for (String rel : implicit) { // sorted: parents first
                        Optional<Path> real = view.lookup(rel);
                        Optional<Inode> inode = real.isPresent() ? Inode.of(real.get()) : Optional.empty();
                        if (inode.isEmpty() || !inode.get().isDirectory() || !Files.isDirectory(
                                out.resolve(rel).getParent(), LinkOption.NOFOLLOW_LINKS)) {
                            continue; // new in this layer (or not a directory below): the made-up one stands
                        }
                        Path d = Files.createDirectory(out.resolve(rel));
                        Files.setAttribute(d, "unix:uid", (int) inode.get().uid());
                        Files.setAttribute(d, "unix:gid", (int) inode.get().gid());
                        Files.setAttribute(d, "unix:mode", inode.get().permissions());
                    }
                    for (int i = implicit.size() - 1; i >= 0; i--) { // times last: making children changed them
                        String rel = implicit.get(i);
                        Path d = out.resolve(rel);
                        Optional<Path> real = view.lookup(rel);
                        if (real.isPresent() && Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                            Files.setAttribute(d, "basic:lastModifiedTime",
                                    Files.getLastModifiedTime(real.get(), LinkOption.NOFOLLOW_LINKS),
                                    LinkOption.NOFOLLOW_LINKS);
                        }
                    }
                    Files.createDirectories(fs.getParent().getParent());
                    Files.move(tmp.resolve("out"), fs.getParent(), StandardCopyOption.ATOMIC_MOVE);
                    return fs;
                } finally {
                    FileTrees.delete(tmp);
                }
            });
        }
        bottomFirst.add(fs);
    }

    /** The directories a snapshot's tar needed but did not hold, sorted (none for snapshots made before). */
    private static List<String> implicitDirs(Path snapshotDir) throws IOException {
        Path file = snapshotDir.resolve(IMPLICIT_DIRS);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        return List.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\0"));
    }

    private static List<Path> reversed(List<Path> list) {
        List<Path> out = new ArrayList<>(list.size());
        for (int i = list.size() - 1; i >= 0; i--) {
            out.add(list.get(i));
        }
        return out;
    }

    /**
     * Removes what killed processes left: temporary unpack and flatten directories nobody holds the lock of, and
     * mounts below them, and the {@link #holdLowers} lists of dead processes. Returns how many directories were
     * removed.
     */
    public int recover() throws IOException {
        heldLowers(); // (drops the dead ones' lists)
        Path tmpRoot = dir.resolve("tmp");
        if (!Files.isDirectory(tmpRoot)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmpRoot)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                String key = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
                if (tryLocked(key, () -> FileTrees.delete(entry))) {
                    removed++;
                }
            }
        }
        return removed;
    }

    /**
     * Deletes the snapshots of layers not in {@code keepDiffIds} and every flattened stack (both are caches,
     * remade from blobs when needed), sparing those a mounted overlay uses now and those being unpacked. Each goes
     * by an atomic rename into {@code tmp/} first, so a build never finds half of one. Returns how many went.
     */
    public int prune(Set<String> keepDiffIds) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        Set<Path> inUse = OverlayMount.lowersInUse();
        inUse.addAll(heldLowers());
        List<Path> candidates = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> p.getFileName().toString().matches("[0-9a-f]{64}"))) {
            for (Path p : s) {
                if (!keepDiffIds.contains("sha256:" + p.getFileName())) {
                    candidates.add(p);
                }
            }
        }
        Path flat = dir.resolve("flat");
        if (Files.isDirectory(flat)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(flat)) {
                s.forEach(candidates::add);
            }
        }
        int removed = 0;
        for (Path snapshot : candidates) {
            if (inUse.contains(snapshot.resolve("fs"))) {
                continue;
            }
            String name = snapshot.getFileName().toString();
            String key = snapshot.getParent().equals(flat) ? "flat-" + name : name;
            boolean[] gone = new boolean[1];
            if (tryLocked(key, () -> {
                if (Files.isDirectory(snapshot, LinkOption.NOFOLLOW_LINKS)) {
                    Path trash = newTempDir(key);
                    Files.move(snapshot, trash.resolve("old"), StandardCopyOption.ATOMIC_MOVE);
                    FileTrees.delete(trash);
                    gone[0] = true;
                }
            }) && gone[0]) {
                removed++;
            }
        }
        return removed;
    }

    /**
     * Marks {@code lowers} as in use until the returned handle closes, for an overlay this process's mount table
     * does not show ({@link OverlayMount#forRuntime}: the container runtime mounts it in the container's mount
     * namespace), so that {@link #prune} spares them as it spares the lowers of overlays mounted here: a file
     * listing them in {@code held/}, with a lock held as long as they are used (a killed build's list goes with
     * the next prune).
     */
    public Held holdLowers(List<Path> lowers) throws IOException {
        Path held = Files.createDirectories(dir.resolve("held"));
        String name = UUID.randomUUID().toString();
        ProcessLocks.Held lock = ProcessLocks.lockNew(held.resolve(name + ".lock"));
        Path list = held.resolve(name + ".lowers");
        try {
            StringBuilder text = new StringBuilder();
            lowers.forEach(p -> text.append(p.toAbsolutePath().normalize()).append('\n'));
            // whole or not at all for a prune reading it (no fsync: it means nothing after a crash)
            Path tmp = held.resolve(name + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, list, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            lock.deleteAndClose();
            throw e;
        }
        return () -> {
            try {
                Files.deleteIfExists(list);
            } finally {
                lock.deleteAndClose();
            }
        };
    }

    /** A mark of {@link #holdLowers}; closing it ends the mark. */
    public interface Held extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    /** The lowers {@link #holdLowers} marks as in use now; the lists of dead processes are deleted. */
    private Set<Path> heldLowers() throws IOException {
        Path held = dir.resolve("held");
        Set<Path> out = new HashSet<>();
        if (!Files.isDirectory(held)) {
            return out;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(held, "*.lowers")) {
            for (Path list : s) {
                String name = list.getFileName().toString().replaceFirst("\\.lowers$", "");
                if (ProcessLocks.ifAbandoned(held.resolve(name + ".lock"), () -> Files.deleteIfExists(list))) {
                    continue;
                }
                try {
                    for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
                        if (!line.isEmpty()) {
                            out.add(Path.of(line));
                        }
                    }
                } catch (NoSuchFileException e) {
                    // its step ended meanwhile
                }
            }
        }
        return out;
    }

    /** One directory holding the merged content of the bottom {@code ids} (a multiple of the chunk). */
    private Path flattened(List<String> ids) throws IOException {
        String chainHex = hex(chainId(ids));
        Path fs = dir.resolve("flat").resolve(chainHex).resolve("fs");
        if (Files.isDirectory(fs, LinkOption.NOFOLLOW_LINKS)) {
            return fs;
        }
        List<Path> bottomFirst = new ArrayList<>();
        if (ids.size() > flattenChunk) {
            bottomFirst.add(flattened(ids.subList(0, ids.size() - flattenChunk)));
        }
        for (int i = ids.size() - flattenChunk; i < ids.size(); i++) {
            stack(bottomFirst, ids.subList(0, i + 1));
        }
        List<Path> topFirst = reversed(bottomFirst);
        String key = "flat-" + chainHex;
        return locked(key, () -> {
            if (Files.isDirectory(fs, LinkOption.NOFOLLOW_LINKS)) {
                return fs;
            }
            Path tmp = newTempDir(key);
            try (OverlayMount view = OverlayMount.readOnly(topFirst, tmp.resolve("view"))) {
                Path out = Files.createDirectories(tmp.resolve("out").resolve("fs"));
                // cp -a keeps owners, modes, times, hard links, devices and xattrs; the view has no whiteouts.
                HostCommand.check(List.of("cp", "-a", "--", view.merged() + "/.", out.toString()), null,
                        "cannot flatten " + ids.size() + " layers");
                view.close();
                Files.createDirectories(fs.getParent().getParent());
                Files.move(tmp.resolve("out"), fs.getParent(), StandardCopyOption.ATOMIC_MOVE);
                return fs;
            } finally {
                FileTrees.delete(tmp);
            }
        });
    }

    private Path require(String diffId) throws IOException {
        return find(diffId).orElseThrow(() -> new IOException("layer " + diffId + " has no snapshot; unpack it first"));
    }

    private Path snapshotDir(String diffId) {
        return dir.resolve(hex(diffId));
    }

    private Path newTempDir(String key) throws IOException {
        return Files.createDirectories(dir.resolve("tmp").resolve(key + "." + UUID.randomUUID()));
    }

    private static String hex(String diffId) {
        if (!DIFF_ID.matcher(diffId).matches()) {
            throw new IllegalArgumentException("not a sha256 diff ID: \"" + diffId + "\"");
        }
        return diffId.substring("sha256:".length());
    }

    /** The OCI chain ID of a stack of layers, bottom first. */
    static String chainId(List<String> diffIdsBottomFirst) {
        String chain = diffIdsBottomFirst.get(0);
        for (String id : diffIdsBottomFirst.subList(1, diffIdsBottomFirst.size())) {
            chain = "sha256:" + HexFormat.of().formatHex(sha256().digest((chain + " " + id).getBytes(StandardCharsets.UTF_8)));
        }
        return chain;
    }

    private static MessageDigest sha256() {
        return Digest.newMessageDigest(Digest.SHA256);
    }

    @FunctionalInterface
    private interface LockedWork<T> {
        T run() throws IOException;
    }

    @FunctionalInterface
    private interface LockedAction {
        void run() throws IOException;
    }

    /** Runs {@code work} holding the lock of {@code key}, against other processes and other threads alike. */
    private <T> T locked(String key, LockedWork<T> work) throws IOException {
        try (ProcessLocks.Held lock = ProcessLocks.lock(lockFile(key))) {
            return work.run();
        }
    }

    /** Runs {@code action} if nobody holds {@code key}'s lock; tells whether it ran. */
    private boolean tryLocked(String key, LockedAction action) throws IOException {
        try (ProcessLocks.Held lock = ProcessLocks.tryLock(lockFile(key))) {
            if (lock == null) {
                return false;
            }
            action.run();
            return true;
        }
    }

    private Path lockFile(String key) throws IOException {
        return Files.createDirectories(dir.resolve("locks")).resolve(key + ".lock");
    }
}
