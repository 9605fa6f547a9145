package io.jbuild.differential;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A file system built by applying image layers in order, following the OCI image spec's changeset rules:
 * {@code .wh.NAME} removes NAME from the layers below, {@code .wh..wh..opq} empties its directory of what the
 * layers below put there (both only affect lower layers, so each layer's whiteouts are applied before its other
 * members), a directory over a directory keeps the children, anything else replaces the whole path, and a hard
 * link joins its target's group. Contents are kept as SHA-256 digests, never in memory.
 *
 * <p>Problems a real extractor would trip on (a link to a missing target, a member below a non-directory) are
 * recorded as {@link #anomalies()} rather than thrown, so that a comparison shows them.
 */
final class FileTree {

    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";

    private final TreeMap<String, FileNode> nodes = new TreeMap<>();
    private final List<String> anomalies = new ArrayList<>();
    private int inodes;

    FileTree() {
        nodes.put("/", FileNode.implicitDirectory());
    }

    /** Path → node, sorted, {@code "/"} included. */
    NavigableMap<String, FileNode> nodes() {
        return Collections.unmodifiableNavigableMap(nodes);
    }

    List<String> anomalies() {
        return List.copyOf(anomalies);
    }

    /** Applies one uncompressed layer tar. */
    void apply(InputStream layerTar, String layerName) throws IOException {
        TarReader tar = new TarReader(layerTar);
        List<Member> members = new ArrayList<>();
        for (TarEntry e = tar.next(); e != null; e = tar.next()) {
            String digest = e.isRegular() ? Digests.sha256(tar.content()) : null;
            members.add(new Member(normalize(e.name()), e, digest));
        }
        for (Member m : members) {
            String base = baseName(m.path);
            if (base.equals(OPAQUE)) {
                clearChildren(parent(m.path));
            } else if (base.startsWith(WHITEOUT)) {
                removeTree(child(parent(m.path), base.substring(WHITEOUT.length())));
            }
        }
        for (Member m : members) {
            if (!baseName(m.path).startsWith(WHITEOUT)) {
                add(m, layerName);
            }
        }
    }

    private record Member(String path, TarEntry entry, String sha256) {
    }

    private void add(Member m, String layerName) {
        TarEntry e = m.entry;
        if (!ensureParents(m.path, layerName)) {
            return;
        }
        FileNode node;
        if (e.type() == '1') {
            String target = normalize(e.linkName());
            FileNode t = nodes.get(target);
            if (t == null || t.kind() == FileNode.Kind.DIRECTORY) {
                anomalies.add(layerName + ": hard link " + m.path + " -> " + target + ": target "
                        + (t == null ? "missing" : "is a directory"));
                return;
            }
            if (target.equals(m.path)) {
                return;
            }
            if (t.inode() == 0) {
                t = t.withInode(++inodes);
                nodes.put(target, t);
            }
            node = t;
        } else {
            node = new FileNode(kind(e.type()), e.mode(), e.uid(), e.gid(), e.isRegular() ? e.size() : 0, m.sha256,
                    e.type() == '2' ? e.linkName() : null, e.devMajor(), e.devMinor(), e.xattrs(), e.mtime(), 0, false);
        }
        FileNode old = nodes.get(m.path);
        if (old != null && !(old.kind() == FileNode.Kind.DIRECTORY && node.kind() == FileNode.Kind.DIRECTORY)) {
            removeTree(m.path);
        }
        nodes.put(m.path, node);
    }

    private boolean ensureParents(String path, String layerName) {
        String p = parent(path);
        List<String> missing = new ArrayList<>();
        while (!nodes.containsKey(p)) {
            missing.add(p);
            p = parent(p);
        }
        if (nodes.get(p).kind() != FileNode.Kind.DIRECTORY) {
            anomalies.add(layerName + ": " + path + " lies below " + p + ", which is not a directory");
            return false;
        }
        for (String dir : missing) {
            nodes.put(dir, FileNode.implicitDirectory());
        }
        return true;
    }

    private static FileNode.Kind kind(char type) {
        return switch (type) {
            case '2' -> FileNode.Kind.SYMLINK;
            case '3' -> FileNode.Kind.CHAR_DEVICE;
            case '4' -> FileNode.Kind.BLOCK_DEVICE;
            case '5' -> FileNode.Kind.DIRECTORY;
            case '6' -> FileNode.Kind.FIFO;
            default -> FileNode.Kind.FILE;
        };
    }

    private void removeTree(String path) {
        if (!path.equals("/")) {
            nodes.remove(path);
        }
        clearChildren(path);
    }

    private void clearChildren(String dir) {
        if (dir.equals("/")) {
            nodes.tailMap("/", false).clear();
        } else {
            nodes.subMap(dir + "/", true, dir + "0", false).clear(); // '0' follows '/' in code order
        }
    }

    /** {@code ./a/b/}, {@code a/b}, {@code /a//b} → {@code /a/b}; {@code .} → {@code /}. */
    static String normalize(String name) {
        List<String> parts = new ArrayList<>();
        for (String s : name.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
                continue;
            }
            parts.add(s);
        }
        return "/" + String.join("/", parts);
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    private static String child(String dir, String name) {
        return dir.equals("/") ? "/" + name : dir + "/" + name;
    }

    private static String baseName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The hard-link groups: sorted paths sharing one inode, only groups of two or more. */
    List<List<String>> hardLinkGroups() {
        Map<Integer, List<String>> groups = new TreeMap<>();
        nodes.forEach((path, node) -> {
            if (node.inode() != 0) {
                groups.computeIfAbsent(node.inode(), k -> new ArrayList<>()).add(path);
            }
        });
        return groups.values().stream().filter(g -> g.size() > 1).map(List::copyOf)
                .sorted(Comparator.comparing(g -> g.get(0))).toList();
    }
}
