package io.jbuild.core.snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
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
    /** For {@link #forRuntime}: the options the runtime mounts it with; null for one mounted here. */
    private String runtimeOptions;

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

    /**
     * Lays out a writable overlay in {@code dir} (created, must be empty or absent) that the container runtime
     * mounts itself, as the root of the container's own mount namespace ({@link #runtimeOptions()}, a mount at
     * {@code /}): nothing is mounted here, so nothing is to unmount, and the mount is gone with the container.
     * {@link #merged()} stays an empty directory (the runtime's root path). Empty when the options, which name the
     * directories by absolute path (the runtime mounts from a directory of its own), would not fit one page or
     * the path holds a separator of the options.
     */
    public static Optional<OverlayMount> forRuntime(List<Path> lowersTopFirst, Path dir) throws IOException {
        String prefix = dir.toAbsolutePath() + "/";
        if (prefix.contains(",") || prefix.contains(":") || prefix.contains("\\")) {
            return Optional.empty(); // the option syntax's separators and escape
        }
        if (options(Math.max(1, lowersTopFirst.size()), true, prefix).getBytes(StandardCharsets.UTF_8).length
                > MAX_OPTION_BYTES) {
            return Optional.empty();
        }
        Layout layout = layout(lowersTopFirst, dir, true, prefix);
        OverlayMount m = new OverlayMount(dir, layout.merged(), layout.upper(), layout.lowers());
        m.runtimeOptions = layout.options();
        return Optional.of(m);
    }

    private static OverlayMount mount(List<Path> lowersTopFirst, Path dir, boolean writable) throws IOException {
        Layout layout = layout(lowersTopFirst, dir, writable, "");
        if (layout.options().getBytes(StandardCharsets.UTF_8).length > MAX_OPTION_BYTES) {
            throw new IOException("overlay mount options for " + layout.lowers().size() + " lowers exceed one page");
        }
        OverlayMount m = new OverlayMount(dir, layout.merged(), layout.upper(), layout.lowers());
        Mounts.mount("overlay", "overlay", layout.options(), layout.merged(), dir);
        m.mounted = true;
        return m;
    }

    /** An overlay's directories and its mount options, the paths in them prefixed with {@code prefix}. */
    private record Layout(Path merged, Path upper, List<Path> lowers, String options) {
    }

    private static Layout layout(List<Path> lowersTopFirst, Path dir, boolean writable, String prefix)
            throws IOException {
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
        for (int i = 0; i < lowers.size(); i++) {
            Files.createSymbolicLink(links.resolve(Integer.toString(i, 36)), lowers.get(i).toAbsolutePath());
        }
        Path merged = Files.createDirectories(dir.resolve("merged"));
        Path upper = null;
        if (writable) {
            upper = Files.createDirectories(dir.resolve("upper"));
            Files.createDirectories(dir.resolve("work"));
        }
        return new Layout(merged, upper, lowers, options(lowers.size(), writable, prefix));
    }

    /** The mount options naming {@code lowers} links {@code l/0}, {@code l/1}, ... (and upper, work), prefixed. */
    private static String options(int lowers, boolean writable, String prefix) {
        StringBuilder options = new StringBuilder("lowerdir=");
        for (int i = 0; i < lowers; i++) {
            options.append(i == 0 ? "" : ":").append(prefix).append("l/").append(Integer.toString(i, 36));
        }
        if (writable) {
            options.append(",upperdir=").append(prefix).append("upper,workdir=").append(prefix).append("work");
        }
        return options.append(",userxattr,index=off").toString();
    }

    /**
     * The mount options for the runtime of an overlay laid out by {@link #forRuntime}, as one entry of a runtime
     * spec's mount options each.
     */
    public List<String> runtimeOptions() {
        if (runtimeOptions == null) {
            throw new IllegalStateException("not an overlay for the runtime to mount");
        }
        return List.of(runtimeOptions.split(","));
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
