package io.jbuild.core.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Resolves paths inside a root directory as if the root were {@code /}: {@code ..} stops at the root and symlinks
 * met on the way (absolute or relative) are followed inside the root, never out of it. Every read or write the
 * build does in an image's or a context's tree goes through here, so a hostile symlink or {@code ../} cannot make
 * it touch anything outside.
 */
public final class RootPath {

    private static final int MAX_LINKS = 255;

    private final Path root;

    public RootPath(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /**
     * The host path for {@code path} (absolute or relative to the root, '/'-separated). Symlinks in the parent
     * directories are followed within the root; the last component is followed only if {@code followLast}.
     */
    public Path resolve(String path, boolean followLast) throws IOException {
        Deque<String> todo = new ArrayDeque<>();
        push(todo, path);
        Path current = root;
        int links = 0;
        while (!todo.isEmpty()) {
            String segment = todo.pollFirst();
            if (segment.equals("..")) {
                current = current.equals(root) ? root : current.getParent();
                continue;
            }
            Path next = current.resolve(segment);
            boolean last = todo.isEmpty();
            if ((!last || followLast) && Files.isSymbolicLink(next)) {
                if (++links > MAX_LINKS) {
                    throw new IOException("too many levels of symbolic links resolving " + path);
                }
                String target = Files.readSymbolicLink(next).toString();
                if (target.startsWith("/")) {
                    current = root;
                }
                push(todo, target);
                continue;
            }
            current = next;
        }
        return current;
    }

    /** {@code path} cleaned like Go's {@code path.Clean} and made relative to the root: never escapes it. */
    public static String clean(String path) {
        Deque<String> out = new ArrayDeque<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                out.pollLast();
            } else {
                out.addLast(segment);
            }
        }
        return String.join("/", out);
    }

    /** The path relative to the root of a resolved host path (for messages and layer entries). */
    public String relative(Path resolved) {
        return root.relativize(resolved).toString();
    }

    public boolean exists(String path) throws IOException {
        return Files.exists(resolve(path, false), LinkOption.NOFOLLOW_LINKS);
    }

    /** Pushes {@code path}'s segments in front of what is left, in order. */
    private static void push(Deque<String> todo, String path) {
        String[] segments = path.split("/");
        for (int i = segments.length - 1; i >= 0; i--) {
            String s = segments[i];
            if (!s.isEmpty() && !s.equals(".")) {
                todo.addFirst(s);
            }
        }
    }
}
