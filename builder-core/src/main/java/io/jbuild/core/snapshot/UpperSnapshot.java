package io.jbuild.core.snapshot;

import io.jbuild.core.layer.LayerApplier;
import io.jbuild.core.layer.LayerEntry;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A RUN step's upper directory made into the snapshot of the layer written from it, as BuildKit keeps a step's
 * upper directory as the next snapshot: the next step mounts it instead of unpacking the layer again. It must then
 * hold what unpacking that layer would give, so the entries the layer got are noted while it is written, and the
 * directory is trimmed to them: what the layer left out goes (mount stubs, unchanged copy-ups, whiteouts of names
 * that never existed), times become the layer's (whole seconds, clamped), and of the {@code user.} attributes only
 * the opaque markers the layer has stay.
 *
 * <p>Noting stops past {@link #MAX_ENTRIES} entries (a layer of millions of files would fill the heap): the layer is
 * then unpacked when needed, as before.
 */
public final class UpperSnapshot {

    /** The most entries noted; beyond, the upper directory is not kept. */
    static final int MAX_ENTRIES = 200_000;

    /** The opaque marker's name as {@link UserDefinedFileAttributeView} lists it (without {@code user.}). */
    private static final String OPAQUE = LayerApplier.OVERLAY_OPAQUE_XATTR.substring("user.".length());
    private static final String WHITEOUT_PREFIX = ".wh.";
    private static final String OPAQUE_MARKER = ".wh..wh..opq";

    private final Path upper;
    /** Each entry's time in the layer, in seconds; whiteouts with the name they hide. */
    private final Map<String, Long> times = new HashMap<>();
    private final Set<String> whiteouts = new HashSet<>();
    private final Set<String> opaque = new HashSet<>();
    private boolean overflowed;

    /** @param upper the step's upper directory, unmounted, read by the layer's writer */
    public UpperSnapshot(Path upper) {
        this.upper = upper;
    }

    /** Notes an entry as the layer's writer writes it (its time already clamped). */
    public void written(LayerEntry e) {
        if (overflowed) {
            return;
        }
        if (times.size() + whiteouts.size() >= MAX_ENTRIES) {
            overflowed = true;
            times.clear();
            whiteouts.clear();
            opaque.clear();
            return;
        }
        String path = e.path();
        int slash = path.lastIndexOf('/');
        String parent = slash < 0 ? "" : path.substring(0, slash);
        String base = path.substring(slash + 1);
        if (base.equals(OPAQUE_MARKER)) {
            opaque.add(parent);
        } else if (base.startsWith(WHITEOUT_PREFIX)) {
            whiteouts.add((parent.isEmpty() ? "" : parent + "/") + base.substring(WHITEOUT_PREFIX.length()));
        } else {
            times.put(path, e.modified().getEpochSecond());
        }
    }

    /**
     * Trims the upper directory to the layer and makes it the snapshot of {@code diffId} in {@code store}; false
     * (and the directory left as it was or half trimmed, for its owner to delete) when it cannot be kept.
     */
    public boolean into(SnapshotStore store, String diffId) throws IOException {
        if (overflowed || store.find(diffId).isPresent()) {
            return false;
        }
        trim("", upper);
        return store.adopt(diffId, upper);
    }

    /** Trims the directory {@code dir} ({@code rel} in the layer; "" for the root), children first. */
    private void trim(String rel, Path dir) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path child : s) {
                String name = child.getFileName().toString();
                String path = rel.isEmpty() ? name : rel + "/" + name;
                Optional<Inode> inode = Inode.of(child);
                if (inode.isEmpty()) {
                    continue;
                }
                if (inode.get().isWhiteout()) {
                    if (!whiteouts.contains(path)) {
                        Files.delete(child);
                    }
                    continue;
                }
                Long time = times.get(path);
                if (time == null) {
                    FileTrees.deleteWithinFileSystem(child);
                    continue;
                }
                if (inode.get().isDirectory()) {
                    trim(path, child);
                }
                stripUserAttributes(child, inode.get(), path);
                if (inode.get().isFifo() || inode.get().isCharDevice() || inode.get().isBlockDevice()) {
                    // setting times through Java opens the node: a FIFO would block, a device be touched
                    HostCommand.check(List.of("touch", "-h", "-d", "@" + time, child.toString()), null,
                            "cannot set the time of " + child);
                } else {
                    Files.getFileAttributeView(child, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                            .setTimes(FileTime.fromMillis(time * 1000), null, null);
                }
            }
        }
        if (rel.isEmpty()) {
            stripUserAttributes(dir, Inode.of(dir).orElseThrow(), "");
        }
    }

    /** Removes {@code user.} attributes the layer's snapshot would not have (the layer keeps none but opaque markers). */
    private void stripUserAttributes(Path file, Inode inode, String path) throws IOException {
        if (!inode.isDirectory() && !inode.isRegular()) {
            return; // user.* attributes exist only on files and directories
        }
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        for (String name : view.list()) {
            if (!(name.equals(OPAQUE) && opaque.contains(path))) {
                view.delete(name);
            }
        }
    }
}
