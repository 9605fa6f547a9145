package io.jbuild.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.cli.CliRunner;
import io.jbuild.core.snapshot.HostCommand;
import io.jbuild.core.store.ImageStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store on an 8 MiB tmpfs: a build whose layer does not fit fails with an error that says so and names the
 * store, leaves no blob, temporary file or tag behind, and the store works again once there is room.
 */
class DiskFullTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void root() {
        Fixtures.assumeRunc(); // mounts: needs root
    }

    @Test
    @Timeout(120)
    void aLayerLargerThanTheDiskFailsCleanly() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("store"));
        HostCommand.check(List.of("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", root.toString()), null, "mount");
        try {
            Path context = Files.createDirectories(tmp.resolve("ctx"));
            Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY small.txt big.bin /data/\n");
            Files.writeString(context.resolve("small.txt"), "fits\n");
            Fixtures.writeRandom(context.resolve("big.bin"), 12L << 20, 7); // random: gzip cannot shrink it

            CliRunner.Outcome full = CliRunner.run("build", "-q", "--root", root.toString(), "-t", "full:1",
                    context.toString());
            assertThat(full.exitCode()).isEqualTo(1);
            assertThat(full.err()).as(full.err()).containsIgnoringCase("no space left on device")
                    .contains(root.toString());
            assertThat(StoreAudit.tempFiles(root)).as("temporary files").isEmpty();
            StoreAudit.assertReadable(root, Set.of());
            assertThat(ImageStore.open(root).blobs().list()).as("blobs").isEmpty();
            StoreAudit.assertNoRunLeftovers(root);

            // Room again (a smaller file): the same store builds, and the image is whole.
            Fixtures.writeRandom(context.resolve("big.bin"), 2L << 20, 7);
            CliRunner.Outcome fits = CliRunner.run("build", "-q", "--root", root.toString(), "-t", "full:1",
                    context.toString());
            assertThat(fits.exitCode()).as(fits.err()).isZero();
            StoreAudit.assertReadable(root, Set.of("full:1"));
            assertThat(StoreAudit.tempFiles(root)).isEmpty();
        } finally {
            HostCommand.check(List.of("umount", "-l", root.toString()), null, "umount");
        }
    }
}
