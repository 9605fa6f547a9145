package io.jbuild.core.build;

import io.jbuild.core.layer.LayerEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A layer's entries with every parent directory written before its first child, taken as it is in the stage's
 * file system, as BuildKit's change writer does. Without them a snapshot unpacked from the layer alone has to
 * make the parents up (root, 0755), and in an overlay a made-up directory hides the mode and owner of the real
 * one below (a WORKDIR owned by USER would turn root's). The entries must come parents first (tar order).
 */
final class ParentDirs implements Iterator<LayerEntry> {

    private final Iterator<LayerEntry> entries;
    private final Path root;
    private final Set<String> written = new HashSet<>();
    private final Deque<LayerEntry> ready = new ArrayDeque<>();

    /** @param root the stage's file system before this layer */
    ParentDirs(Iterator<LayerEntry> entries, Path root) {
        this.entries = entries;
        this.root = root;
    }

    @Override
    public boolean hasNext() {
        if (ready.isEmpty() && entries.hasNext()) {
            LayerEntry e = entries.next();
            try {
                parents(e.path());
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
            if (e.type() == LayerEntry.Type.DIRECTORY) {
                written.add(e.path());
            }
            ready.add(e);
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

    /** Queues the parents of {@code path} not written yet that are real directories of the stage. */
    private void parents(String path) throws IOException {
        int slash = -1;
        while ((slash = path.indexOf('/', slash + 1)) > 0) {
            String parent = path.substring(0, slash);
            if (written.contains(parent)) {
                continue;
            }
            Path dir = root.resolve(parent);
            // Walked top-down without following links: stops at the first parent that is not a real directory.
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            Map<String, Object> a = Files.readAttributes(dir, "unix:mode,uid,gid,lastModifiedTime",
                    LinkOption.NOFOLLOW_LINKS);
            ready.add(LayerEntry.directory(parent, (Integer) a.get("mode") & 07777,
                    ((Integer) a.get("uid")) & 0xffffffffL, ((Integer) a.get("gid")) & 0xffffffffL,
                    ((FileTime) a.get("lastModifiedTime")).toInstant()));
            written.add(parent);
        }
    }
}
