package io.jbuild.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.cli.Main;
import io.jbuild.core.image.ContainerConfig;
import io.jbuild.core.image.Descriptor;
import io.jbuild.core.image.ImageConfig;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.core.image.MediaTypes;
import io.jbuild.core.image.Platform;
import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.ResolvedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code jbuild save} and {@code jbuild load} in process, between two stores. */
class SaveLoadCommandsTest {

    private record Outcome(int exitCode, String out, String err) {
    }

    @TempDir
    Path dir;

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = Main.commandLine(args);
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        int code = cli.execute(args);
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private ResolvedImage image(ImageStore store, String name) throws Exception {
        Descriptor layer = store.blobs().put(("layer of " + name).getBytes(StandardCharsets.UTF_8))
                .descriptor(MediaTypes.OCI_LAYER);
        ImageConfig config = ImageConfig.of(Platform.host(), ContainerConfig.empty().withCmd(List.of("echo", name)),
                List.of(layer.digest())).withCreated(Instant.parse("2024-01-01T00:00:00Z"));
        store.tag(ImageReference.parse(name), store.putImage(config, List.of(layer)));
        return store.resolve(name);
    }

    @Test
    void saveThenLoadIntoAnotherStore() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        ImageStore source = ImageStore.open(a);
        ResolvedImage hello = image(source, "hello:1.0");
        ResolvedImage app = image(source, "erectbranch/app:2");
        Path archive = dir.resolve("images.tar");

        Outcome save = run("save", "--root", a.toString(), "-o", archive.toString(), "hello:1.0", "erectbranch/app:2");
        assertThat(save.exitCode()).as(save.err()).isZero();
        assertThat(save.out()).isEmpty();
        assertThat(archive).isRegularFile();

        Outcome load = run("load", "--root", b.toString(), "-i", archive.toString());
        assertThat(load.exitCode()).as(load.err()).isZero();
        assertThat(load.out()).isEqualTo("Loaded image: hello:1.0\nLoaded image: erectbranch/app:2\n");
        ImageStore target = ImageStore.open(b);
        assertThat(target.resolve("hello:1.0").imageId()).isEqualTo(hello.imageId());
        assertThat(target.resolve("erectbranch/app:2").manifestDescriptor().digest())
                .isEqualTo(app.manifestDescriptor().digest());
        assertThat(run("load", "--root", b.toString(), "-q", "-i", archive.toString()).out()).isEmpty();
    }

    @Test
    void ociFormatAndImagesById() throws Exception {
        Path a = dir.resolve("a");
        ResolvedImage hello = image(ImageStore.open(a), "hello");
        Path archive = dir.resolve("oci.tar");
        assertThat(run("save", "--root", a.toString(), "--format", "oci", "-o", archive.toString(),
                hello.imageId().shortHex()).exitCode()).isZero();
        Outcome load = run("load", "--root", dir.resolve("b").toString(), "--input", archive.toString());
        assertThat(load.out()).isEqualTo("Loaded image ID: " + hello.imageId() + "\n");
    }

    @Test
    void failuresNameTheirCause() throws Exception {
        Path a = dir.resolve("a");
        image(ImageStore.open(a), "hello");
        Path archive = dir.resolve("out.tar");
        Outcome unknown = run("save", "--root", a.toString(), "-o", archive.toString(), "hello", "nope:1");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("jbuild save: no such image: nope:1\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("no archive and no temp file left").containsExactly(a);
        }
        Outcome missing = run("load", "--root", a.toString(), "-i", dir.resolve("none.tar").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("jbuild load: " + dir.resolve("none.tar") + ": no such file\n");
        Path junk = dir.resolve("junk.tar");
        Files.writeString(junk, "not a tar at all");
        Outcome notTar = run("load", "--root", a.toString(), "-i", junk.toString());
        assertThat(notTar.exitCode()).isEqualTo(1);
        assertThat(notTar.err()).startsWith("jbuild load: " + junk + ": ");
        assertThat(run("save", "--root", a.toString(), "--format", "zip", "hello").exitCode()).isEqualTo(2);
    }
}
