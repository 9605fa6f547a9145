package io.jbuild.core.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jbuild.core.build.BuildListener;
import io.jbuild.core.build.BuildRequest;
import io.jbuild.core.build.ImageBuilder;
import io.jbuild.core.store.ImageStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExporterTest {

    @TempDir
    Path tmp;
    ImageStore store;

    @BeforeEach
    void build() throws Exception {
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(ctx.resolve("a.txt"), "A");
        Files.writeString(ctx.resolve("gone.txt"), "G");
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nCOPY a.txt gone.txt /files/\nCOPY a.txt /top\nENV X=1\n");
        store = ImageStore.open(tmp.resolve("store"));
        new ImageBuilder(store, null, 1).build(BuildRequest.of(ctx).withTags(List.of("exp:1")), BuildListener.SILENT);
    }

    @Test
    void outputSpecs() {
        assertThat(Exporter.parse("type=oci,dest=out.tar")).isEqualTo(new Output.Oci(Path.of("out.tar")));
        assertThat(((Output.Oci) Exporter.parse("type=oci,dest=out.tar")).archive()).isTrue();
        assertThat(Exporter.parse("type=docker,dest=img.tar")).isEqualTo(new Output.Docker(Path.of("img.tar")));
        assertThat(Exporter.parse("./rootfs")).isEqualTo(new Output.Local(Path.of("./rootfs")));
        assertThat(Exporter.parse("type=image")).isEqualTo(new Output.Store());
        assertThatThrownBy(() -> Exporter.parse("type=oci")).hasMessageContaining("needs dest=PATH");
        assertThatThrownBy(() -> Exporter.parse("type=zip,dest=x")).hasMessageContaining("unknown type \"zip\"");
    }

    @Test
    void localWritesTheFileSystem() throws IOException {
        Path dest = tmp.resolve("rootfs");
        new Exporter(store).export(Exporter.parse("type=local,dest=" + dest), "exp:1");
        assertThat(dest.resolve("files/a.txt")).hasContent("A");
        assertThat(dest.resolve("top")).hasContent("A");
        try (var list = Files.list(tmp)) {
            assertThat(list.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".jbuild-"));
        }
    }

    @Test
    void archivesAndLayoutsAreReadBySkopeo() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/skopeo")), "skopeo is installed by .ci/run");
        Path docker = tmp.resolve("img.tar");
        Path ociTar = tmp.resolve("oci.tar");
        Path ociDir = tmp.resolve("layout");
        Exporter exporter = new Exporter(store);
        exporter.export(Exporter.parse("type=docker,dest=" + docker), "exp:1");
        exporter.export(Exporter.parse("type=oci,dest=" + ociTar), "exp:1");
        exporter.export(Exporter.parse("type=oci,dest=" + ociDir), "exp:1");
        String expected = store.resolve("exp:1").manifest().config().digest().toString();
        for (String ref : List.of("docker-archive:" + docker, "oci-archive:" + ociTar, "oci:" + ociDir)) {
            Process p = new ProcessBuilder("skopeo", "inspect", "--config", ref).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(ref + ": " + out).isZero();
            assertThat(new ObjectMapper().readTree(out).path("config").path("Env").get(1).asText()).isEqualTo("X=1");
            assertThat(expected).startsWith("sha256:");
        }
    }

    @Test
    void failedExportLeavesNothing() {
        Path dest = tmp.resolve("never.tar");
        assertThatThrownBy(() -> new Exporter(store).export(Exporter.parse("type=docker,dest=" + dest), "nothere:1"))
                .hasMessageContaining("no such image: nothere:1");
        assertThat(dest).doesNotExist();
    }
}
