package io.jbuild.core.container.cp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.core.container.exec.BusyboxContainer;
import io.jbuild.core.container.exec.ContainerExec;
import io.jbuild.core.container.exec.ExecRequest;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cp into and out of a running runc container: frozen while copied, running again after, the file seen inside. */
class RunningContainerCopyTest {

    @TempDir
    Path tmp;

    @Test
    void theContainerIsPausedWhileWrittenAndSeesTheFile() throws Exception {
        String id = "ctrparts-cp-" + ProcessHandle.current().pid();
        try (BusyboxContainer c = BusyboxContainer.start(tmp.resolve("c"), id, List.of("/bin/sleep", "300"), null,
                null)) {
            RuncFreezer runc = new RuncFreezer("runc", c.runtimeRoot, id);
            AtomicReference<String> during = new AtomicReference<>();
            Freezer watched = () -> {
                Freezer.Frozen f = runc.freeze();
                during.set(runc.status());
                return f;
            };
            ContainerCopy cp = new ContainerCopy("web", c.rootfs, watched);
            Path f = Files.writeString(tmp.resolve("page.html"), "copied in\n");
            cp.toContainer(f.toString(), "/www/", false, new Owners.Source());
            assertThat(during.get()).isEqualTo("paused");
            assertThat(runc.status()).isEqualTo("running");

            Path out = tmp.resolve("out");
            int exit = new ContainerExec("runc", c.runtimeRoot).exec(id, "web", ExecRequest.of("cat",
                    "/www/page.html"), new ContainerExec.Streams(ProcessBuilder.Redirect.from(new File(
                    "/dev/null")), ProcessBuilder.Redirect.to(out.toFile()), ProcessBuilder.Redirect.INHERIT),
                    Files.createDirectory(tmp.resolve("exec")));
            assertThat(exit).isZero();
            assertThat(out).hasContent("copied in");

            during.set(null);
            cp.toHost("/www/page.html", tmp.resolve("back").toString(), false);
            assertThat(tmp.resolve("back")).hasContent("copied in");
            assertThat(during.get()).isEqualTo("paused");
            assertThat(runc.status()).isEqualTo("running");
        }
    }

    /**
     * A container that keeps swapping its /data between a directory and a symlink to a host path (CVE-2018-15664's
     * attack): every copy out reads the container's file or finds nothing, never the host's.
     */
    @Test
    void aContainerSwappingLinksMidCopyNeverLeadsTheCopyToTheHost() throws Exception {
        int attempts = Integer.getInteger("jbuild.test.swapAttempts", 100);
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "host secret");
        String id = "ctrparts-swap-" + ProcessHandle.current().pid();
        String loop = "mkdir /dirv && echo container > /dirv/secret && ln -s " + outside + " /linkv && "
                + "while true; do mv /dirv /data; mv /data /dirv; mv /linkv /data; mv /data /linkv; done";
        try (BusyboxContainer c = BusyboxContainer.start(tmp.resolve("c"), id, List.of("/bin/sh", "-c", loop), null,
                null)) {
            Freezer freezer = Boolean.getBoolean("jbuild.test.noFreezer") ? Freezer.NONE
                    : new RuncFreezer("runc", c.runtimeRoot, id);
            ContainerCopy cp = new ContainerCopy("web", c.rootfs, freezer);
            int copied = 0;
            for (int i = 0; i < attempts; i++) {
                Path got = tmp.resolve("got" + i);
                try {
                    cp.toHost("/data/secret", got.toString(), false);
                } catch (CopyException e) {
                    continue; // /data was a link (to nothing inside the root) or in between names
                } catch (NoSuchFileException e) {
                    continue; // renamed away between the resolution and the open: only without a freezer
                }
                copied++;
                assertThat(got).as("copy %d", i).hasContent("container");
            }
            assertThat(copied).as("copies that found /data a directory").isPositive();
        }
    }
}
