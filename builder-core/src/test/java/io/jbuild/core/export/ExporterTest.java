package io.jbuild.core.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jbuild.core.build.BuildListener;
import io.jbuild.core.build.BuildRequest;
import io.jbuild.core.build.ImageBuilder;
import io.jbuild.core.snapshot.Mounts;
import io.jbuild.core.snapshot.Root;
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
        new ImageBuilder(store, null, 1).build(BuildRequest.builder(ctx).tags(List.of("exp:1")).build(),
                BuildListener.SILENT);
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
        for (Path dir : List.of(tmp, dest)) {
            try (var list = Files.list(dir)) {
                assertThat(list.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".jbuild-"));
            }
        }
    }

    /** As BuildKit: the image's files replace same-named ones in DIR, and nothing else there is removed. */
    @Test
    void localMergesIntoWhatTheDestinationHolds() throws IOException {
        Path dest = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(dest.resolve("notes.txt"), "the user's");
        Files.createDirectories(dest.resolve("files"));
        Files.writeString(dest.resolve("files/own.txt"), "also the user's");
        Files.writeString(dest.resolve("files/a.txt"), "old a");
        Path outside = Files.writeString(tmp.resolve("outside.txt"), "host file");
        Files.createSymbolicLink(dest.resolve("top"), outside); // replaced, never written through
        new Exporter(store).export(new Output.Local(dest), "exp:1");
        assertThat(dest.resolve("notes.txt")).hasContent("the user's");
        assertThat(dest.resolve("files/own.txt")).hasContent("also the user's");
        assertThat(dest.resolve("files/a.txt")).hasContent("A");
        assertThat(dest.resolve("files/gone.txt")).hasContent("G");
        assertThat(Files.isSymbolicLink(dest.resolve("top"))).isFalse();
        assertThat(dest.resolve("top")).hasContent("A");
        assertThat(outside).hasContent("host file");
        try (var list = Files.list(dest)) {
            assertThat(list.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("notes.txt", "files", "top");
        }
    }

    @Test
    void aLocalDestinationHoldingTheContextIsRefused() throws IOException {
        Path ctx = tmp.resolve("ctx");
        for (Path dest : List.of(ctx, tmp, Path.of(ctx + "/."), ctx.resolve("sub/.."))) {
            assertThatThrownBy(() -> Exporter.checkDestinations(List.of(new Output.Local(dest)), ctx))
                    .as(dest.toString())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("dest=" + dest)
                    .hasMessageContaining("holds the build context " + ctx);
        }
        Files.createSymbolicLink(tmp.resolve("alias"), ctx);
        assertThatThrownBy(() -> Exporter.checkDestinations(List.of(new Output.Local(tmp.resolve("alias"))), ctx))
                .hasMessageContaining("holds the build context");
        Exporter.checkDestinations(List.of(new Output.Local(ctx.resolve("out")), new Output.Local(tmp.resolve("o")),
                new Output.Docker(ctx), new Output.Oci(tmp)), ctx); // inside the context, or not local: fine
        assertThat(ctx.resolve("a.txt")).hasContent("A");
    }

    @Test
    void localNeverWritesIntoAnotherFileSystemMountedInTheDestination() throws Exception {
        assumeTrue(Root.isRoot(), "mounts a tmpfs: needs root");
        Path dest = Files.createDirectories(tmp.resolve("out"));
        Path files = Files.createDirectories(dest.resolve("files"));
        Path other = Files.createDirectories(dest.resolve("other"));
        Mounts.mount("tmpfs", "tmpfs", "size=1m", files, null);
        Mounts.mount("tmpfs", "tmpfs", "size=1m", other, null);
        try {
            Files.writeString(files.resolve("kept"), "on the tmpfs");
            Files.writeString(other.resolve("kept"), "on the other tmpfs");
            assertThatThrownBy(() -> new Exporter(store).export(new Output.Local(dest), "exp:1"))
                    .hasMessageContaining(files.toString())
                    .hasMessageContaining("another file system is mounted");
            assertThat(files.resolve("kept")).hasContent("on the tmpfs");
            assertThat(files.resolve("a.txt")).doesNotExist();
            assertThat(dest.resolve("top")).as("nothing written before the refusal").doesNotExist();
            try (var list = Files.list(dest)) {
                assertThat(list.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("files", "other");
            }

            Mounts.unmount(files);
            new Exporter(store).export(new Output.Local(dest), "exp:1"); // the image has nothing under other/
            assertThat(dest.resolve("files/a.txt")).hasContent("A");
            try (var list = Files.list(other)) {
                assertThat(list.map(p -> p.getFileName().toString())).containsExactly("kept");
            }
        } finally {
            Mounts.unmountAll(dest);
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
