package io.jbuild.core.snapshot;

import io.jbuild.core.layer.HostXattrs;
import io.jbuild.core.layer.LayerEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * The changes a RUN step made, read from its overlay upper directory (never the merged tree), as layer entries in
 * sorted depth-first order, streamed: one directory's names are held at a time, file contents are opened only
 * when the entry is written.
 *
 * <ul>
 *   <li>a whiteout (character device 0/0) becomes {@link LayerEntry#whiteout}, but only if the name existed in
 *       the lowers: a file made and deleted in the same step leaves nothing;</li>
 *   <li>an opaque directory ({@code user.overlay.opaque=y}, see {@link OverlayMount}) over a directory of the
 *       lowers becomes the directory entry and {@link LayerEntry#opaque}; below it everything is new;</li>
 *   <li>hard links inside the upper directory stay hard links (same device and inode);</li>
 *   <li>of the extended attributes only {@code security.capability} enters the layer, as in BuildKit (containerd's
 *       change writer): read with one getfattr for the whole upper directory ({@link HostXattrs}); overlayfs's own
 *       ({@code user.overlay.*}, {@code trusted.overlay.*}) and {@code user.*} ones do not;</li>
 *   <li>as BuildKit's overlay differ does, a directory that was only copied up (same type, mode and owner as
 *       below) is left out, and so is a file copied up unchanged; but every change comes with all its parent
 *       directories (as BuildKit's change writer writes them): a snapshot unpacked from the layer alone must not
 *       make up a parent whose mode and owner would then hide the real one below in an overlay;</li>
 *   <li>a file of the lowers that the step hard-linked ({@code ln /lower/x /y}) was copied up to be linked, so
 *       both names are one inode in the upper directory: both are written, the first in sorted order as the file
 *       and the others as links to it, as docker's BuildKit here does (the image keeps the link the step made;
 *       BuildKit's overlay differ would skip the unchanged copy-up and write only the new name);</li>
 *   <li>{@code mountStubs}: paths that did not exist before the step and were created only as mount points
 *       (for /etc/hosts, /etc/resolv.conf, RUN --mount targets) are left out while they are an empty file or a
 *       directory nothing else in the layer is under, as BuildKit removes its mount stubs.</li>
 * </ul>
 *
 * I/O failures surface as {@link UncheckedIOException} from {@link #hasNext()} and {@link #next()}.
 */
public final class UpperDirDiff implements Iterator<LayerEntry> {

    private final Path upper;
    private final Set<String> mountStubs;
    /**
     * {@code security.capability} of the upper directory's files, read once for the whole tree when a regular file
     * first needs it (null before): a step that wrote no file (RUN true: only mount stubs) starts no getfattr.
     */
    private Map<String, byte[]> capabilities;
    private final Deque<Frame> stack = new ArrayDeque<>();
    private final Deque<LayerEntry> ready = new ArrayDeque<>();
    private final Map<String, String> linkFirstPaths = new HashMap<>();

    /**
     * A directory being walked: its remaining names, its lower counterpart and, for a stub or a directory only
     * copied up, its held-back entry.
     */
    private static final class Frame {
        final String path;
        final Iterator<String> names;
        final LowerView.Dir lower;
        LayerEntry heldBack;

        Frame(String path, Iterator<String> names, LowerView.Dir lower, LayerEntry heldBack) {
            this.path = path;
            this.names = names;
            this.lower = lower;
            this.heldBack = heldBack;
        }
    }

    /**
     * @param upper          the overlay upper directory
     * @param lowersTopFirst the mount's lower directories, topmost first
     * @param mountStubs     relative paths created only as mount points (see the class comment)
     */
    public UpperDirDiff(Path upper, List<Path> lowersTopFirst, Set<String> mountStubs) throws IOException {
        this.upper = upper;
        this.mountStubs = Set.copyOf(mountStubs);
        stack.push(new Frame("", sortedNames(upper), new LowerView(lowersTopFirst).root(), null));
    }

    @Override
    public boolean hasNext() {
        try {
            while (ready.isEmpty() && !stack.isEmpty()) {
                step();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return !ready.isEmpty();
    }

    @Override
    public LayerEntry next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.poll();
    }

    /** Looks at the next name of the current directory. */
    private void step() throws IOException {
        Frame frame = stack.peek();
        if (!frame.names.hasNext()) {
            stack.pop();
            return;
        }
        String name = frame.names.next();
        String path = frame.path.isEmpty() ? name : frame.path + "/" + name;
        Path file = upper.resolve(path);
        Optional<Inode> found = Inode.of(file);
        if (found.isEmpty()) {
            return;
        }
        Inode inode = found.get();
        Optional<Path> below = frame.lower == null ? Optional.empty() : frame.lower.lookup(name);
        if (inode.isWhiteout()) {
            if (below.isPresent()) {
                emit(LayerEntry.whiteout(path, inode.mtime()));
            }
            return;
        }
        if (inode.isDirectory()) {
            directory(frame, name, path, file, inode, below);
            return;
        }
        boolean stub = below.isEmpty() && mountStubs.contains(path) && inode.size() == 0;
        // A copied-up file with more than one name was linked in the step (copy-up itself makes a new inode of
        // one name): it belongs to that link group even when its own metadata is unchanged.
        boolean linked = inode.isRegular() && inode.nlink() > 1;
        if (stub || (below.isPresent() && !linked && sameAsBelow(path, inode, file, below.get()))) {
            return;
        }
        LayerEntry entry = entry(path, file, inode);
        if (entry != null) {
            emit(entry);
        }
    }

    private void directory(Frame frame, String name, String path, Path file, Inode inode, Optional<Path> below)
            throws IOException {
        boolean opaque = below.isPresent() && Inode.isOpaque(file);
        LowerView.Dir lower = frame.lower == null || opaque ? null : frame.lower.child(name);
        LayerEntry entry = LayerEntry.directory(path, inode.permissions(), inode.uid(), inode.gid(), inode.mtime());
        boolean stub = below.isEmpty() && mountStubs.contains(path);
        if (stub) {
            stack.push(new Frame(path, sortedNames(file), null, entry)); // written only if something lands below
            return;
        }
        if (opaque) {
            emit(entry);
            ready.add(LayerEntry.opaque(path, inode.mtime()));
        } else if (below.isEmpty() || !sameAsBelow(path, inode, file, below.get())) {
            emit(entry);
        } else {
            // Only copied up: written only as the parent of a change below it.
            stack.push(new Frame(path, sortedNames(file), lower, entry));
            return;
        }
        stack.push(new Frame(path, sortedNames(file), lower, null));
    }

    /** Queues {@code entry}, after the held-back directories above it. */
    private void emit(LayerEntry entry) {
        List<Frame> frames = new ArrayList<>(stack);
        for (int i = frames.size() - 1; i >= 0; i--) {
            Frame f = frames.get(i);
            if (f.heldBack != null) {
                ready.add(f.heldBack);
                f.heldBack = null;
            }
        }
        ready.add(entry);
    }

    private LayerEntry entry(String path, Path file, Inode inode) throws IOException {
        if (inode.isRegular()) {
            if (inode.nlink() > 1) {
                String key = inode.dev() + ":" + inode.ino();
                String first = linkFirstPaths.putIfAbsent(key, path);
                if (first != null) {
                    return LayerEntry.hardlink(path, first, inode.permissions(), inode.uid(), inode.gid(),
                            inode.mtime());
                }
            }
            LayerEntry.Content content = () -> Files.newInputStream(file);
            return withCapability(LayerEntry.file(path, inode.permissions(), inode.uid(), inode.gid(), inode.size(),
                    inode.mtime(), content), capabilities().get(path));
        }
        if (inode.isSymlink()) {
            return LayerEntry.symlink(path, Files.readSymbolicLink(file).toString(), inode.uid(), inode.gid(),
                    inode.mtime());
        }
        LayerEntry.Type type;
        if (inode.isCharDevice()) {
            type = LayerEntry.Type.CHAR_DEVICE;
        } else if (inode.isBlockDevice()) {
            type = LayerEntry.Type.BLOCK_DEVICE;
        } else if (inode.isFifo()) {
            type = LayerEntry.Type.FIFO;
        } else {
            return null; // a socket has no place in an image
        }
        return new LayerEntry(path, type, inode.permissions(), inode.uid(), inode.gid(), 0, inode.mtime(), "", null,
                Map.of(), inode.devMajor(), inode.devMinor());
    }

    /** The entry with the file's capability, if it has one: the only attribute BuildKit's change writer keeps. */
    private static LayerEntry withCapability(LayerEntry e, byte[] capability) {
        if (capability == null) {
            return e;
        }
        return new LayerEntry(e.path(), e.type(), e.mode(), e.uid(), e.gid(), e.size(), e.modified(), e.linkTarget(),
                e.content(), Map.of(HostXattrs.CAPABILITY, capability), e.devMajor(), e.devMinor());
    }

    /**
     * BuildKit's sameDirent: same type, mode, owner and device number; for non-directories also the same size,
     * modification time and capability ({@code setcap} changes neither size nor time), and where both times
     * lack nanoseconds (unpacked from a tar) the same content.
     */
    private boolean sameAsBelow(String path, Inode up, Path upFile, Path belowFile) throws IOException {
        Optional<Inode> found = Inode.of(belowFile);
        if (found.isEmpty()) {
            return false;
        }
        Inode low = found.get();
        if (up.mode() != low.mode() || up.uid() != low.uid() || up.gid() != low.gid() || up.rdev() != low.rdev()) {
            return false;
        }
        if (up.isDirectory()) {
            return true;
        }
        if (up.size() != low.size()) {
            return false;
        }
        var t1 = up.modified().toInstant();
        var t2 = low.modified().toInstant();
        if (t1.getEpochSecond() != t2.getEpochSecond()) {
            return false;
        }
        if (t1.getNano() != 0 || t2.getNano() != 0) {
            if (t1.getNano() != t2.getNano()) {
                return false;
            }
        } else if (up.isSymlink()) {
            return Files.readSymbolicLink(upFile).equals(Files.readSymbolicLink(belowFile));
        } else if (up.isRegular() && up.size() > 0 && !sameContent(upFile, belowFile)) {
            return false;
        }
        // Last, as the costliest check: one process, for a copy-up that looks unchanged so far (rare).
        return !up.isRegular() || sameCapability(capabilities().get(path), belowFile);
    }

    private Map<String, byte[]> capabilities() throws IOException {
        if (capabilities == null) {
            capabilities = HostXattrs.read(upper, HostXattrs.CAPABILITY);
        }
        return capabilities;
    }

    /** Whether the lower file has the same capability (or none, like the upper one). */
    private static boolean sameCapability(byte[] upper, Path belowFile) throws IOException {
        Optional<byte[]> low = HostXattrs.readOne(belowFile, HostXattrs.CAPABILITY);
        return upper == null ? low.isEmpty() : low.isPresent() && Arrays.equals(upper, low.get());
    }

    private static boolean sameContent(Path a, Path b) throws IOException {
        try (InputStream x = Files.newInputStream(a); InputStream y = Files.newInputStream(b)) {
            byte[] bx = new byte[1 << 15];
            byte[] by = new byte[1 << 15];
            while (true) {
                int nx = x.readNBytes(bx, 0, bx.length);
                int ny = y.readNBytes(by, 0, by.length);
                if (nx != ny || !Arrays.equals(bx, 0, nx, by, 0, ny)) {
                    return false;
                }
                if (nx < bx.length) {
                    return true;
                }
            }
        }
    }

    private static Iterator<String> sortedNames(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                names.add(p.getFileName().toString());
            }
        }
        names.sort(null);
        return names.iterator();
    }
}
