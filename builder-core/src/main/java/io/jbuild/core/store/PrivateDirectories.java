package io.jbuild.core.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The store's directories, readable by their owner only (containerd's rule for its state): snapshots hold
 * setuid binaries and device nodes of images, a running step's files hold its secrets and a container's record its environment, so no other local
 * user may traverse into them. A looser existing directory is tightened when the store opens.
 */
final class PrivateDirectories {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private PrivateDirectories() {
    }

    /**
     * Makes {@code root} and its top-level directories private. The root itself is tightened when jbuild made it,
     * or it is empty or holds only a store; a directory that holds other things of the user's (a {@code --root}
     * pointing at one) keeps its mode, and only the store's directories in it are made private.
     */
    static void secure(StorePaths paths) throws IOException {
        Path root = paths.root();
        if (!Files.exists(root)) {
            Path parent = root.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try {
                Files.createDirectory(root, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (FileAlreadyExistsException raced) {
                // another process made it at the same moment: tightened below like any existing one
            }
        }
        if (holdsOnlyStore(paths)) {
            tighten(root);
        }
        for (String name : StorePaths.topLevel()) { // made private even when the root is a directory of the user's
            Path dir = root.resolve(name);
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                } catch (FileAlreadyExistsException raced) {
                    // made by a concurrent open
                }
            }
            tighten(dir);
        }
    }

    /** chmod to 0700 if group or others have any right (the umask may have left some at creation). */
    private static void tighten(Path dir) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
        if (view == null) {
            return; // not a POSIX file system: nothing to tighten
        }
        Set<PosixFilePermission> current = view.readAttributes().permissions();
        if (!OWNER_ONLY.containsAll(current) || !current.containsAll(OWNER_ONLY)) {
            try {
                view.setPermissions(OWNER_ONLY);
            } catch (IOException e) {
                throw new IOException("cannot make the store directory " + dir + " private (mode 0700): "
                        + e.getMessage(), e);
            }
        }
    }

    private static boolean holdsOnlyStore(StorePaths paths) throws IOException {
        Path root = paths.root();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path e : entries) {
                String name = e.getFileName().toString();
                if (!StorePaths.topLevel().contains(name) && !root.resolve(name).equals(paths.lockFile())) {
                    return false;
                }
            }
        }
        return true;
    }
}
