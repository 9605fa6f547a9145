package io.jbuild.core.container.cp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.core.container.exec.BusyboxContainer;
import io.jbuild.core.container.exec.ContainerExec;
import io.jbuild.core.container.exec.ExecRequest;
import java.nio.file.Files;
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
                    "/www/page.html"), new ContainerExec.Streams(ProcessBuilder.Redirect.from(new java.io.File(
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
}
