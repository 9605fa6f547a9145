package io.jbuild.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jbuild.core.snapshot.HostCommand;
import io.jbuild.core.snapshot.Root;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store holds setuid files, device nodes and running steps' secrets: no other local user may enter it. */
class StorePermissionsTest {

    @TempDir
    Path tmp;

    @BeforeEach
    void openParent() throws Exception {
        // A parent everybody may traverse, as a home directory often is: only the store's own modes protect it.
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void aNewStoreIsPrivate() throws Exception {
        Path root = tmp.resolve("home/.local/share/jbuild");
        ImageStore.open(root);
        assertThat(mode(root)).isEqualTo("rwx------");
        for (String dir : List.of("oci", "tmp", "snapshots", "run", "build", "cache", "containers")) {
            assertThat(mode(root.resolve(dir))).as(dir).isEqualTo("rwx------");
        }
        assertThat(mode(root.getParent())).as("parents are the user's business").isEqualTo("rwxr-xr-x");
    }

    @Test
    void aLooserStoreIsTightenedOnOpen() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("store"));
        ImageStore.open(root);
        for (Path p : List.of(root, root.resolve("snapshots"), root.resolve("oci"))) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        ImageStore.open(root);
        assertThat(mode(root)).isEqualTo("rwx------");
        assertThat(mode(root.resolve("snapshots"))).isEqualTo("rwx------");
        assertThat(mode(root.resolve("oci"))).isEqualTo("rwx------");
    }

    @Test
    void aRootHoldingTheUsersFilesKeepsItsModeButTheStoreDirectoriesInItArePrivate() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("project"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(root.resolve("notes.txt"), "mine");
        ImageStore.open(root);
        assertThat(mode(root)).isEqualTo("rwxr-xr-x");
        assertThat(mode(root.resolve("snapshots"))).isEqualTo("rwx------");
        assertThat(mode(root.resolve("run"))).isEqualTo("rwx------");
    }

    @Test
    void anotherUserCannotReachASnapshotFile() throws Exception {
        assumeTrue(Root.isRoot(), "switches to uid 65534: needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv (util-linux)");
        Path root = tmp.resolve("store");
        ImageStore.open(root);
        Path file = Files.createDirectories(root.resolve("snapshots/abc/fs/usr/local/bin")).resolve("tool");
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));

        HostCommand.Result asNobody = HostCommand.run(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                "--clear-groups", "/bin/cat", file.toString()), null);
        assertThat(asNobody.exitCode()).as(asNobody.output()).isNotZero();
        assertThat(asNobody.output()).contains("Permission denied");
        HostCommand.Result asRoot = HostCommand.run(List.of("/bin/cat", file.toString()), null);
        assertThat(asRoot.output()).as("the owner still reads it").contains("#!/bin/sh");
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
