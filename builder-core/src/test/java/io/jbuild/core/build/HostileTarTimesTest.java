package io.jbuild.core.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.core.export.Exporter;
import io.jbuild.core.export.Output;
import io.jbuild.core.image.ContainerConfig;
import io.jbuild.core.image.Descriptor;
import io.jbuild.core.image.ImageConfig;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.core.image.MediaTypes;
import io.jbuild.core.image.Platform;
import io.jbuild.core.store.ImageStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tar holding a directory and then a symlink of the same name pointing at the host, through every way a tar
 * reaches jbuild (an ADD archive, a context on standard input, an image layer exported with type=local): the host
 * directories' and files' times are never touched.
 */
class HostileTarTimesTest {

    private static final FileTime OLD = FileTime.from(Instant.parse("2001-02-03T04:05:06Z"));

    @TempDir
    Path tmp;
    Path outside;
    ImageStore store;

    @BeforeEach
    void hostFiles() throws IOException {
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createDirectories(outside.resolve("inner"));
        Files.writeString(outside.resolve("file"), "host");
        for (Path p : List.of(outside, outside.resolve("inner"), outside.resolve("file"))) {
            Files.setLastModifiedTime(p, OLD);
        }
        store = ImageStore.open(tmp.resolve("store"));
    }

    private void assertHostUntouched() throws IOException {
        for (Path p : List.of(outside, outside.resolve("inner"), outside.resolve("file"))) {
            assertThat(Files.getLastModifiedTime(p)).as(p.toString()).isEqualTo(OLD);
        }
    }

    /** {@code extra} name/content pairs first, then the hostile entries. */
    private byte[] hostileTar(String... extra) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (int i = 0; i < extra.length; i += 2) {
                byte[] b = extra[i + 1].getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(extra[i]);
                e.setSize(b.length);
                tar.putArchiveEntry(e);
                tar.write(b);
                tar.closeArchiveEntry();
            }
            for (String[] pair : new String[][] {{"a", outside.toString()}, {"d/inner", null}, {"d", outside.toString()},
                    {"f", outside.resolve("file").toString()}}) {
                TarArchiveEntry dir = new TarArchiveEntry(pair[0] + "/");
                dir.setModTime(Instant.parse("2024-01-01T00:00:00Z").toEpochMilli());
                tar.putArchiveEntry(dir);
                tar.closeArchiveEntry();
                if (pair[1] != null) {
                    TarArchiveEntry link = new TarArchiveEntry(pair[0], TarConstants.LF_SYMLINK);
                    link.setLinkName(pair[1]);
                    tar.putArchiveEntry(link);
                    tar.closeArchiveEntry();
                }
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void addOfALocalArchive() throws Exception {
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.write(ctx.resolve("evil.tar"), hostileTar());
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nADD evil.tar /x/\n");
        new ImageBuilder(store, null, 1).build(BuildRequest.builder(ctx).tags(List.of("add:1")).build(),
                BuildListener.SILENT);
        assertHostUntouched();
    }

    @Test
    void aContextOnStandardInput() throws Exception {
        try (StreamedInputs streamed = StreamedInputs.open(store)) {
            StreamedInputs.Context sent = streamed.context(new ByteArrayInputStream(
                    hostileTar("Dockerfile", "FROM scratch\n")));
            assertThat(sent.dir().resolve("Dockerfile")).hasContent("FROM scratch\n");
            assertHostUntouched();
        }
    }

    @Test
    void aLayerExportedToADirectory() throws Exception {
        byte[] tar = hostileTar();
        Descriptor layer = store.blobs().put(tar).descriptor(MediaTypes.OCI_LAYER);
        Descriptor image = store.putImage(ImageConfig.of(Platform.host(), ContainerConfig.empty(),
                List.of(layer.digest())), List.of(layer));
        store.tag(ImageReference.parse("evil:1"), image);
        Path dest = tmp.resolve("rootfs");
        new Exporter(store).export(new Output.Local(dest), "evil:1");
        assertThat(Files.isSymbolicLink(dest.resolve("a"))).isTrue();
        assertHostUntouched();
    }
}
