package io.jbuild.core.snapshot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a stack of overlay-form lower directories shows, looked up the way overlayfs does without mounting it:
 * the topmost entry of a name wins, a whiteout hides the name in every layer below, an opaque directory hides the
 * layers below it, and a non-directory hides everything below it.
 */
public final class LowerView {

    private final Dir root;

    /** @param lowersTopFirst the lower directories, the topmost first */
    public LowerView(List<Path> lowersTopFirst) {
        this.root = new Dir(List.copyOf(lowersTopFirst));
    }

    public Dir root() {
        return root;
    }

    /** The host path of what {@code path} (relative, '/'-separated) names in the stack, if it is visible. */
    public Optional<Path> lookup(String path) throws IOException {
        Dir dir = root;
        String[] segments = path.split("/");
        for (int i = 0; i < segments.length - 1 && dir != null; i++) {
            dir = dir.child(segments[i]);
        }
        return dir == null ? Optional.empty() : dir.lookup(segments[segments.length - 1]);
    }

    /** What {@link #find} found at a path. */
    public enum Kind {
        /** nothing visible there (never written, or whited out) */
        ABSENT,
        DIRECTORY,
        REGULAR_FILE,
        /** a device, fifo or socket */
        OTHER,
        /**
         * a symbolic link on the way or at the end, or a non-directory on the way: what the path means depends on
         * resolving links inside the root, which a mount answers
         */
        UNRESOLVED
    }

    /** A path looked up: its kind and, unless absent or unresolved, the host path of its topmost entry. */
    public record Found(Kind kind, Path host) {
    }

    /**
     * What the absolute or relative {@code path} ('/'-separated) names in the stack, following no symbolic link:
     * a link anywhere on the path makes it {@link Kind#UNRESOLVED}.
     */
    public Found find(String path) throws IOException {
        Dir dir = root;
        List<String> segments = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty() && !s.equals(".")) {
                segments.add(s);
            }
        }
        if (segments.contains("..")) {
            return new Found(Kind.UNRESOLVED, null);
        }
        if (segments.isEmpty()) {
            return new Found(Kind.DIRECTORY, null);
        }
        for (int i = 0; i < segments.size(); i++) {
            String name = segments.get(i);
            Path top = null;
            Inode inode = null;
            for (Path layer : dir.layers) {
                Path p = layer.resolve(name);
                Optional<Inode> found = Inode.of(p);
                if (found.isPresent()) {
                    top = p;
                    inode = found.get();
                    break;
                }
            }
            if (inode == null || inode.isWhiteout()) {
                return new Found(Kind.ABSENT, null);
            }
            boolean last = i == segments.size() - 1;
            if (inode.isSymlink() || !last && !inode.isDirectory()) {
                return new Found(Kind.UNRESOLVED, null);
            }
            if (last) {
                return new Found(inode.isDirectory() ? Kind.DIRECTORY
                        : inode.isRegular() ? Kind.REGULAR_FILE : Kind.OTHER, top);
            }
            dir = dir.child(name);
        }
        throw new IllegalStateException("unreachable");
    }

    /** A directory of the stack: the same directory in each layer that contributes to it, topmost first. */
    public static final class Dir {
        private final List<Path> layers;

        Dir(List<Path> layers) {
            this.layers = layers;
        }

        /** The topmost visible entry called {@code name}. */
        public Optional<Path> lookup(String name) throws IOException {
            for (Path layer : layers) {
                Path p = layer.resolve(name);
                Optional<Inode> inode = Inode.of(p);
                if (inode.isPresent()) {
                    return inode.get().isWhiteout() ? Optional.empty() : Optional.of(p);
                }
            }
            return Optional.empty();
        }

        /** The subdirectory {@code name}, or null if the stack has no directory of that name. */
        public Dir child(String name) throws IOException {
            List<Path> found = new ArrayList<>();
            for (Path layer : layers) {
                Path p = layer.resolve(name);
                Optional<Inode> inode = Inode.of(p);
                if (inode.isEmpty()) {
                    continue;
                }
                if (!inode.get().isDirectory()) {
                    break; // a whiteout or a file hides the layers below
                }
                found.add(p);
                if (Inode.isOpaque(p)) {
                    break;
                }
            }
            return found.isEmpty() ? null : new Dir(found);
        }
    }
}
