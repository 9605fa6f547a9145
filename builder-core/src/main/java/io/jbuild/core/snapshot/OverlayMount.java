package io.jbuild.core.snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An overlayfs mount of snapshot directories. Lower directories are named in the mount options through short
 * relative symlinks ({@code l/0}, {@code l/1}, ...) inside the mount's own directory, and {@code mount} runs there,
 * so the option string stays far below the kernel's one-page limit even for hundreds of lowers.
 *
 * <p>Always mounted with {@code userxattr}: opaque directories are then marked {@code user.overlay.opaque}, the
 * attribute {@link io.jbuild.core.layer.LayerApplier.Form#OVERLAY} snapshots carry and the one Java can read
 * when diffing the upper directory. {@code index=off} because copied-up files must not point back into lowers
 * that later builds share.
 */
public final class OverlayMount implements AutoCloseable {

    /** The kernel's limit on lower directories of one overlay mount (OVL_MAX_STACK). */
    public static final int KERNEL_MAX_LOWERS = 500;

    /** Mount data is one page; leave room for the kernel's own additions. */
    private static final int MAX_OPTION_BYTES = 4096 - 256;

    private final Path dir;
    private final Path merged;
    private final Path upper;
    private final List<Path> lowers;
    private boolean mounted;

    private OverlayMount(Path dir, Path merged, Path upper, List<Path> lowers) {
        this.dir = dir;
        this.merged = merged;
        this.upper = upper;
        this.lowers = List.copyOf(lowers);
    }

    /**
     * Mounts a writable overlay in {@code dir} (created, must be empty or absent): {@code dir/merged} shows the
     * lowers (top first) with the fresh {@code dir/upper} on top.
     */
    public static OverlayMount writable(List<Path> lowersTopFirst, Path dir) throws IOException {
        return mount(lowersTopFirst, dir, true);
    }

    /** Mounts a read-only view of {@code lowersTopFirst} at {@code dir/merged}. */
    public static OverlayMount readOnly(List<Path> lowersTopFirst, Path dir) throws IOException {
        return mount(lowersTopFirst, dir, false);
    }

    private static OverlayMount mount(List<Path> lowersTopFirst, Path dir, boolean writable) throws IOException {
        if (lowersTopFirst.size() > KERNEL_MAX_LOWERS) {
            throw new IOException(lowersTopFirst.size() + " lower directories are more than one overlay mount takes ("
                    + KERNEL_MAX_LOWERS + "); flatten them first (SnapshotStore.lowerDirs)");
        }
        Files.createDirectories(dir);
        List<Path> lowers = new ArrayList<>(lowersTopFirst);
        if (lowers.isEmpty()) {
            lowers.add(Files.createDirectories(dir.resolve("empty"))); // overlayfs needs at least one lower
        }
        if (!writable && lowers.size() == 1) {
            lowers.add(Files.createDirectories(dir.resolve("empty"))); // ... and two without an upper
        }
        Path links = Files.createDirectories(dir.resolve("l"));
        StringBuilder options = new StringBuilder("lowerdir=");
        for (int i = 0; i < lowers.size(); i++) {
            String name = Integer.toString(i, 36);
            Files.createSymbolicLink(links.resolve(name), lowers.get(i).toAbsolutePath());
            options.append(i == 0 ? "" : ":").append("l/").append(name);
        }
        Path merged = Files.createDirectories(dir.resolve("merged"));
        Path upper = null;
        if (writable) {
            upper = Files.createDirectories(dir.resolve("upper"));
            Files.createDirectories(dir.resolve("work"));
            options.append(",upperdir=upper,workdir=work");
        }
        options.append(",userxattr,index=off");
        if (options.toString().getBytes(StandardCharsets.UTF_8).length > MAX_OPTION_BYTES) {
            throw new IOException("overlay mount options for " + lowers.size() + " lowers exceed one page");
        }
        OverlayMount m = new OverlayMount(dir, merged, upper, lowers);
        Mounts.mount("overlay", "overlay", options.toString(), merged, dir);
        m.mounted = true;
        return m;
    }

    /**
     * The lower directories of every overlay of ours mounted now (in this process or another), read from the
     * {@code l/} links beside each mount point: what a snapshot prune must spare.
     */
    static Set<Path> lowersInUse() throws IOException {
        Set<Path> out = new HashSet<>();
        for (Path mountPoint : Mounts.overlays()) {
            Path links = mountPoint.getParent() == null ? null : mountPoint.getParent().resolve("l");
            if (links == null || !Files.isDirectory(links)) {
                continue;
            }
            try (var s = Files.newDirectoryStream(links)) {
                for (Path link : s) {
                    if (Files.isSymbolicLink(link)) {
                        out.add(Files.readSymbolicLink(link).toAbsolutePath().normalize());
                    }
                }
            } catch (NoSuchFileException e) {
                // unmounted and deleted meanwhile
            }
        }
        return out;
    }

    /** The overlay's own directory (links, upper, work, merged). */
    public Path dir() {
        return dir;
    }

    /** Where the merged file system is mounted. */
    public Path merged() {
        return merged;
    }

    /** The upper directory: what was written through the mount; null for a read-only view. */
    public Path upper() {
        return upper;
    }

    /** The lower directories, top first (an empty placeholder for none). */
    public List<Path> lowers() {
        return lowers;
    }

    /** Unmounts; the directories stay (the caller diffs the upper directory, then deletes {@link #dir()}). */
    @Override
    public synchronized void close() throws IOException {
        if (mounted) {
            Mounts.unmount(merged);
            mounted = false;
        }
    }
}
