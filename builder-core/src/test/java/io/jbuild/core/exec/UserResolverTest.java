package io.jbuild.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserResolverTest {

    @TempDir
    Path rootfs;

    @BeforeEach
    void userFiles() throws IOException {
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/passwd"), """
                root:x:0:0:root:/root:/bin/sh
                # a comment
                app:x:1000:1000:App:/home/app:/bin/sh
                svc:x:999:50::/:/sbin/nologin
                """);
        Files.writeString(rootfs.resolve("etc/group"), """
                root:x:0:
                app:x:1000:
                staff:x:50:app
                docker:x:2000:svc,app
                """);
    }

    @Test
    void namesResolveWithSupplementaryGroups() throws IOException {
        assertThat(UserResolver.resolve(rootfs, "app")).isEqualTo(new ContainerUser(1000, 1000, List.of(1000L, 50L,
                2000L)));
        assertThat(UserResolver.resolve(rootfs, "svc")).isEqualTo(new ContainerUser(999, 50, List.of(50L, 2000L)));
        assertThat(UserResolver.resolve(rootfs, "1000")).isEqualTo(UserResolver.resolve(rootfs, "app"));
    }

    @Test
    void anExplicitGroupReplacesThePrimaryAndDropsSupplementaryOnes() throws IOException {
        assertThat(UserResolver.resolve(rootfs, "app:docker")).isEqualTo(new ContainerUser(1000, 2000,
                List.of(2000L)));
        assertThat(UserResolver.resolve(rootfs, "app:4242")).isEqualTo(new ContainerUser(1000, 4242,
                List.of(4242L)));
    }

    @Test
    void theDefaultUserIsRootWithRootsGroupsAsForUserRoot() throws IOException {
        // BuildKit's client_test.go testUser: with no USER, `id -Gn` prints what it prints after USER root (its
        // executor looks the unset user up as "0", moby/buildkit 58ecc5ce1, v0.10); without user files it is 0:0.
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\nwheel:x:10:root\nadm:x:4:app,root\n");
        ContainerUser root = new ContainerUser(0, 0, List.of(0L, 10L, 4L));
        assertThat(UserResolver.resolve(rootfs, "")).isEqualTo(root);
        assertThat(UserResolver.resolve(rootfs, "root")).isEqualTo(root);
        assertThat(UserResolver.resolve(rootfs, "0")).isEqualTo(root);
        assertThat(UserResolver.resolve(rootfs, "0:0")).isEqualTo(ContainerUser.ROOT); // both numeric: no lookup

        Files.delete(rootfs.resolve("etc/passwd"));
        Files.delete(rootfs.resolve("etc/group"));
        assertThat(UserResolver.resolve(rootfs, "")).isEqualTo(ContainerUser.ROOT);
        // A user file the lookup cannot read (here: a directory) does not fail a step that names no user.
        Files.createDirectories(rootfs.resolve("etc/passwd"));
        assertThat(UserResolver.resolve(rootfs, "")).isEqualTo(ContainerUser.ROOT);
    }

    @Test
    void numericIdsNeedNoEntry() throws IOException {
        assertThat(UserResolver.resolve(rootfs, "1234:5678")).isEqualTo(new ContainerUser(1234, 5678,
                List.of(5678L)));
        assertThat(UserResolver.resolve(rootfs, "4321")).isEqualTo(new ContainerUser(4321, 0, List.of(0L)));
        assertThat(UserResolver.resolve(rootfs, "")).isEqualTo(ContainerUser.ROOT);
        assertThat(UserResolver.resolve(rootfs, "root")).isEqualTo(ContainerUser.ROOT);
    }

    @Test
    void unknownNamesAreErrorsNamingThem() {
        assertThatThrownBy(() -> UserResolver.resolve(rootfs, "nobody"))
                .hasMessage("unable to find user nobody: no matching entries in passwd file");
        assertThatThrownBy(() -> UserResolver.resolve(rootfs, "app:wheel"))
                .hasMessage("unable to find group wheel: no matching entries in group file");
    }

    @Test
    void theFilesAreReadInsideTheRootEvenThroughSymlinks() throws IOException {
        // An image whose /etc/passwd points at the host's: resolved inside the image, where it does not exist.
        Files.delete(rootfs.resolve("etc/passwd"));
        Files.createSymbolicLink(rootfs.resolve("etc/passwd"), Path.of("/../../../../etc/shadow-of-host"));
        assertThatThrownBy(() -> UserResolver.resolve(rootfs, "app"))
                .hasMessageContaining("unable to find user app");
        assertThat(UserResolver.resolve(rootfs, "77")).isEqualTo(new ContainerUser(77, 0, List.of(0L)));
    }
}
