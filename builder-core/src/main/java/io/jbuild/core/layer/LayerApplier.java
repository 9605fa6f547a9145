package io.jbuild.core.layer;

import io.jbuild.core.fs.RootPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Applies a layer tar onto a directory, the way an overlay stack would show it: whiteouts delete, opaque
 * markers hide what the layers below put in a directory, hard links, symlinks, owners, modes (setuid
 * included) and times are kept. Hostile archives cannot escape the directory: entries are cleaned and
 * refused if they climb out, and parent symlinks are resolved inside the root ({@link RootPath}).
 *
 * <p>In {@link Form#OVERLAY} form the layer is unpacked on its own, as one lower directory of an overlay mount:
 * whiteouts are not applied but kept as overlayfs reads them (a {@code .wh.NAME} entry becomes a character
 * device 0/0 named NAME, {@code .wh..wh..opq} becomes the {@value #OVERLAY_OPAQUE_XATTR} attribute of its
 * directory; the {@code user.} namespace is what overlayfs reads with the {@code userxattr} mount option, and the
 * only one Java can write).
 */
public final class LayerApplier {

    /** How whiteouts end up on disk. */
    public enum Form {
        /** onto the layers below: whiteouts delete, opaque markers empty directories */
        MERGED,
        /** as an overlayfs lower directory: whiteout devices and opaque attributes */
        OVERLAY,
        /** not a layer but an archive of files (a build context sent as a tar): {@code .wh.} names are plain files */
        ARCHIVE
    }

    /** The opaque-directory attribute overlayfs reads when mounted with {@code userxattr}. */
    public static final String OVERLAY_OPAQUE_XATTR = "user.overlay.opaque";

    /** ext4 allows 65,000 links to one inode; a fresh whiteout template is made well before that. */
    private static final int LINKS_PER_WHITEOUT_TEMPLATE = 60_000;

    /** What --chown and USER read by name: kept whole by {@link #metadataOnly} whatever their size. */
    private static final Set<String> ACCOUNTS = Set.of("etc/passwd", "etc/group");

    private final long maxBytes;
    private final Form form;
    /** Regular files larger than this get their length but not their bytes (see {@link #metadataOnly}). */
    private final long contentUpTo;
    private final boolean root = runningAsRoot();

    /** @param maxBytes the most uncompressed bytes one layer may hold (a decompression bomb stops there) */
    public LayerApplier(long maxBytes) {
        this(maxBytes, Form.MERGED);
    }

    public LayerApplier(long maxBytes, Form form) {
        this(maxBytes, form, Long.MAX_VALUE);
    }

    private LayerApplier(long maxBytes, Form form, long contentUpTo) {
        this.maxBytes = maxBytes;
        this.form = form;
        this.contentUpTo = contentUpTo;
    }

    /**
     * An applier that writes the tree's names, types, owners, modes, times, links and xattrs, but a regular file
     * above {@code contentUpTo} bytes (other than /etc/passwd and /etc/group) only as a hole of its length: a view
     * for looking at a file system (where a COPY lands, which directories exist, /etc/passwd for --chown) without
     * writing the bytes of every file.
     */
    public static LayerApplier metadataOnly(long maxBytes, Form form, long contentUpTo) {
        return new LayerApplier(maxBytes, form, contentUpTo);
    }

    /**
     * Applies a layer blob (gzip, zstd or plain tar, told apart by its first bytes).
     *
     * @return the layer's diff ID: {@code sha256:} of the uncompressed tar, read to its end
     */
    public String apply(InputStream blob, Path dir) throws IOException {
        return apply(blob, dir, null);
    }

    /**
     * As {@link #apply(InputStream, Path)}, and adds to {@code implicitDirs} (if not null) the directories the
     * layer needed but has no entry for (made root-owned, 0755): in overlay form such a made-up directory would
     * hide the mode and owner of the real one below.
     */
    public String apply(InputStream blob, Path dir, Set<String> implicitDirs) throws IOException {
        try (LayerStream tarBytes = LayerStream.open(blob)) {
            return applyTar(tarBytes, dir, implicitDirs);
        }
    }

    /**
     * Applies an uncompressed tar stream.
     *
     * @return its diff ID (as {@link #apply})
     */
    public String applyTar(InputStream tarBytes, Path dir) throws IOException {
        return applyTar(tarBytes, dir, null);
    }

    /** As {@link #applyTar(InputStream, Path)}, noting the directories made without an entry (see {@link #apply}). */
    public String applyTar(InputStream tarBytes, Path dir, Set<String> implicit) throws IOException {
        RootPath rootPath = new RootPath(dir);
        Set<String> written = new HashSet<>();
        List<DirectoryTime> directoryTimes = new ArrayList<>();
        Whiteouts whiteouts = new Whiteouts(rootPath.root());
        Xattrs xattrs = new Xattrs(rootPath.root());
        String diffId;
        try (whiteouts; TarReader tar = new TarReader(tarBytes, maxBytes)) {
            TarReader.Entry e;
            while ((e = tar.next()) != null) {
                String name = e.name();
                if (name.isEmpty()) {
                    continue; // "./" itself
                }
                String base = name.substring(name.lastIndexOf('/') + 1);
                String parent = name.contains("/") ? name.substring(0, name.lastIndexOf('/')) : "";
                if (form != Form.ARCHIVE && base.startsWith(".wh.")) {
                    whiteout(rootPath, parent, base, implicit, written, whiteouts);
                    continue;
                }
                written.add(name);
                Path target = rootPath.resolve(name, false);
                parents(rootPath, parent, implicit);
                if (implicit != null && e.is(LayerEntry.Type.DIRECTORY)) {
                    implicit.remove(name);
                }
                write(e, tar, target, rootPath, directoryTimes, xattrs);
            }
            xattrs.finish();
            diffId = tar.finish();
        }
        // Directory times last: writing children changes them.
        for (int i = directoryTimes.size() - 1; i >= 0; i--) {
            directoryTimes.get(i).set(rootPath);
        }
        return diffId;
    }

    /** A whiteout or opaque marker of a layer, applied as the form says. */
    private void whiteout(RootPath rootPath, String parent, String base, Set<String> implicit, Set<String> written,
                          Whiteouts whiteouts) throws IOException {
        if (base.equals(".wh..wh..opq")) {
            if (form == Form.OVERLAY) {
                parents(rootPath, parent, implicit);
                markOpaque(rootPath.resolve(parent, true));
            } else {
                makeOpaque(rootPath, parent, written);
            }
            return;
        }
        if (base.startsWith(".wh..wh.")) {
            return; // other AUFS metadata (.wh..wh.plnk, ...): never content, as in docker's archive
        }
        String victim = (parent.isEmpty() ? "" : parent + "/") + base.substring(4);
        if (form == Form.OVERLAY) {
            parents(rootPath, parent, implicit);
            Path target = rootPath.resolve(victim, false);
            deleteTree(target, rootPath.root());
            whiteouts.create(target);
        } else {
            deleteTree(rootPath.resolve(victim, false), rootPath.root());
        }
    }

    /** Makes the directory {@code rel} and its parents, noting in {@code implicit} (if not null) which it made. */
    private static void parents(RootPath rootPath, String rel, Set<String> implicit) throws IOException {
        if (implicit != null && !rel.isEmpty()) {
            int slash = -1;
            do {
                slash = rel.indexOf('/', slash + 1);
                String prefix = slash < 0 ? rel : rel.substring(0, slash);
                if (!Files.exists(rootPath.root().resolve(prefix), LinkOption.NOFOLLOW_LINKS)) {
                    implicit.add(prefix);
                }
            } while (slash >= 0);
        }
        Files.createDirectories(rootPath.resolve(rel, true));
    }

    private void write(TarReader.Entry e, TarReader tar, Path target, RootPath rootPath,
                       List<DirectoryTime> directoryTimes, Xattrs xattrs) throws IOException {
        boolean isDir = e.is(LayerEntry.Type.DIRECTORY);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)
                && !(isDir && Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS))) {
            deleteTree(target, rootPath.root());
        }
        switch (e.type()) {
            case DIRECTORY -> Files.createDirectories(target);
            case SYMLINK -> Files.createSymbolicLink(target, Path.of(e.linkTarget()));
            case HARDLINK -> {
                Path source = rootPath.resolve(e.linkTarget(), false);
                if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException("layer entry \"" + e.raw() + "\" is a hard link to \"" + e.linkTarget()
                            + "\", which is not a regular file in the image");
                }
                Files.createLink(target, source);
                return; // a hard link shares the first entry's metadata
            }
            case CHAR_DEVICE, BLOCK_DEVICE, FIFO -> makeNode(e, target);
            case FILE -> {
                if (e.size() > contentUpTo && !ACCOUNTS.contains(e.name())) {
                    writeHole(e.size(), target); // the bytes are skipped (still read: the diff ID covers them)
                } else {
                    writeContent(tar.content(), target);
                }
            }
        }
        metadata(e, target, directoryTimes);
        if (!e.is(LayerEntry.Type.SYMLINK)) {
            xattrs.set(e.name(), target, e.xattrs());
        }
    }

    /**
     * Writes an entry's content, leaving holes where it is zeros. A sparse entry (GNU or PAX) is expanded by the
     * tar reader, and its bytes count against the limit as they are read ({@link TarReader#content()}): a few
     * hundred compressed bytes can stand for a terabyte-long file.
     */
    private static void writeContent(InputStream content, Path target) throws IOException {
        byte[] buf = new byte[1 << 16];
        long position = 0;
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int n; (n = content.readNBytes(buf, 0, buf.length)) > 0; ) {
                if (!zeros(buf, n)) {
                    ByteBuffer data = ByteBuffer.wrap(buf, 0, n);
                    while (data.hasRemaining()) {
                        out.write(data, position + data.position());
                    }
                }
                position += n;
            }
            if (out.size() < position) {
                out.write(ByteBuffer.wrap(new byte[1]), position - 1); // the length, after a trailing hole
            }
        }
    }

    private static void writeHole(long length, Path target) throws IOException {
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            if (length > 0) {
                out.write(ByteBuffer.wrap(new byte[1]), length - 1);
            }
        }
    }

    private static boolean zeros(byte[] buf, int n) {
        for (int i = 0; i < n; i++) {
            if (buf[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Owner, mode and time of the entry just written at {@code target}. Each acts on the entry itself, never through
     * a symlink; a directory's time waits for the end of the layer (see {@link DirectoryTime}).
     */
    private void metadata(TarReader.Entry e, Path target, List<DirectoryTime> directoryTimes) throws IOException {
        if (root) {
            Files.setAttribute(target, "unix:uid", (int) e.uid(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(target, "unix:gid", (int) e.gid(), LinkOption.NOFOLLOW_LINKS);
        }
        if (e.is(LayerEntry.Type.SYMLINK)) {
            return; // a symlink's mode and time are not its own on Linux
        }
        int mode = e.mode();
        BasicFileAttributes written = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (written.isDirectory() || written.isRegularFile()) {
            Files.getFileAttributeView(target, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setPermissions(permissions(mode));
        } else {
            // Opening a FIFO or a device to change it would block or touch the device: by path, on the node mknod
            // has just made.
            Files.setPosixFilePermissions(target, permissions(mode));
        }
        if ((mode & 07000) != 0) {
            chmod(mode, target);
        }
        FileTime time = FileTime.from(e.modified());
        if (e.is(LayerEntry.Type.DIRECTORY)) {
            directoryTimes.add(new DirectoryTime(e.name(), written.fileKey(), time));
        } else if (!e.is(LayerEntry.Type.FILE)) {
            // Java sets times through an opened file: opening a FIFO blocks until a writer comes, opening a device
            // touches the device. touch -h sets them by path.
            run(List.of("touch", "-h", "-d", "@" + e.modified().getEpochSecond(), target.toString()),
                    "cannot set the time of " + target);
        } else {
            setTime(target, time);
        }
    }

    private static void setTime(Path entry, FileTime time) throws IOException {
        Files.getFileAttributeView(entry, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(time, null, null);
    }

    /**
     * A directory's time, set when the layer is done. By then a later entry of the same tar may have replaced the
     * directory (a symlink of the same name, pointing at the host's directories; a whiteout): the path is resolved
     * again inside the root and the time set only on the very directory written, never through a link.
     */
    private record DirectoryTime(String name, Object fileKey, FileTime time) {
        void set(RootPath rootPath) throws IOException {
            Path now;
            BasicFileAttributes attrs;
            try {
                now = rootPath.resolve(name, false);
                attrs = Files.readAttributes(now, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException gone) {
                return; // removed by a later entry: no time to set
            }
            if (attrs.isDirectory() && fileKey != null && fileKey.equals(attrs.fileKey())) {
                setTime(now, time);
            }
        }
    }

    /**
     * The extended attributes of the entries ({@code SCHILY.xattr.*}, raw bytes): {@code user.*} set at once
     * through Java, the other namespaces ({@code security.capability}) collected and set with one
     * {@code setfattr} when the layer is done, on the files that are still the ones written then. Overlayfs's own
     * attributes are never taken from a layer: they would turn snapshot directories opaque or redirect them.
     */
    private static final class Xattrs {
        private final Path root;
        private final List<HostXattrs.Pending> pending = new ArrayList<>();
        private final List<Object> keys = new ArrayList<>();

        Xattrs(Path root) {
            this.root = root;
        }

        void set(String name, Path target, Map<String, byte[]> xattrs) throws IOException {
            for (Map.Entry<String, byte[]> x : xattrs.entrySet()) {
                String attr = x.getKey();
                if (HostXattrs.isOverlayPrivate(attr)) {
                    continue;
                }
                if (attr.startsWith("user.")) {
                    if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                            && !Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                        continue; // Linux keeps user.* on files and directories only; opening others would block
                    }
                    Files.getFileAttributeView(target, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                            .write(attr.substring("user.".length()), ByteBuffer.wrap(x.getValue()));
                } else {
                    pending.add(new HostXattrs.Pending(name, attr, x.getValue()));
                    keys.add(Files.readAttributes(target, "unix:fileKey", LinkOption.NOFOLLOW_LINKS).get("fileKey"));
                }
            }
        }

        void finish() throws IOException {
            List<HostXattrs.Pending> still = new ArrayList<>();
            for (int i = 0; i < pending.size(); i++) {
                if (HostXattrs.sameFile(root, pending.get(i).path(), keys.get(i))) {
                    still.add(pending.get(i));
                }
            }
            HostXattrs.write(root, still);
        }
    }

    /** Removes what the layers below put in {@code dir}, keeping what this layer already wrote there. */
    private static void makeOpaque(RootPath rootPath, String dir, Set<String> written) throws IOException {
        Path resolved = rootPath.resolve(dir, true);
        if (!Files.isDirectory(resolved, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(resolved);
            return;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(resolved)) {
            for (Path child : children) {
                String rel = (dir.isEmpty() ? "" : dir + "/") + child.getFileName();
                if (!written.contains(rel)) {
                    deleteTree(child, rootPath.root());
                }
            }
        }
    }

    private static void markOpaque(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.getFileAttributeView(dir, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .write(OVERLAY_OPAQUE_XATTR.substring("user.".length()), ByteBuffer.wrap(new byte[] {'y'}));
    }

    /**
     * Makes overlay whiteouts (character devices 0/0). One {@code mknod} per layer makes a template, and every
     * whiteout is a hard link to it, as overlayfs itself shares one whiteout inode: a process per whiteout would
     * make layers that delete thousands of files slow to unpack. The template is removed when the layer is done.
     */
    private final class Whiteouts implements AutoCloseable {
        private final Path dir;
        private Path template;
        private int links;

        Whiteouts(Path dir) {
            this.dir = dir;
        }

        void create(Path target) throws IOException {
            if (template == null || links >= LINKS_PER_WHITEOUT_TEMPLATE) {
                close();
                template = dir.resolve(".jbuild-whiteout-" + UUID.randomUUID());
                run(List.of("mknod", template.toString(), "c", "0", "0"),
                        "cannot create overlay whiteout " + target + (root ? "" : " (not running as root)"));
                links = 0;
            }
            Files.createLink(target, template);
            links++;
        }

        @Override
        public void close() throws IOException {
            if (template != null) {
                Files.deleteIfExists(template);
                template = null;
            }
        }
    }

    /** Deletes a file or a whole directory, never following symlinks, never outside {@code root}. */
    static void deleteTree(Path path, Path root) throws IOException {
        if (!path.normalize().startsWith(root) || path.normalize().equals(root)) {
            throw new IOException("refusing to delete " + path + " (outside or equal to " + root + ")");
        }
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> children = Files.newDirectoryStream(path)) {
                for (Path child : children) {
                    deleteTree(child, root);
                }
            }
        }
        Files.delete(path);
    }

    private void makeNode(TarReader.Entry e, Path target) throws IOException {
        boolean fifo = e.is(LayerEntry.Type.FIFO);
        String type = fifo ? "p" : e.is(LayerEntry.Type.CHAR_DEVICE) ? "c" : "b";
        List<String> cmd = new ArrayList<>(List.of("mknod", target.toString(), type));
        if (!fifo) {
            cmd.add(String.valueOf(e.devMajor()));
            cmd.add(String.valueOf(e.devMinor()));
        }
        run(cmd, "cannot create device node " + e.raw() + (root ? "" : " (not running as root)"));
    }

    /** NIO cannot set setuid, setgid or sticky bits. */
    private static void chmod(int mode, Path target) throws IOException {
        run(List.of("chmod", Integer.toOctalString(mode), target.toString()), "cannot set mode of " + target);
    }

    private static void run(List<String> cmd, String failure) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException(failure + ": " + out.strip());
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException(failure + ": interrupted", ex);
        }
    }

    /** Owners and device nodes can only be set by root; elsewhere they are left as the current user's. */
    private static boolean runningAsRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    public static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> p = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << i)) != 0) {
                p.add(order[i]);
            }
        }
        return p;
    }
}
