package io.jbuild.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LowerView#find}: a path of a stack of overlay-form layers as the overlay would show it, or unresolved. */
class LowerViewTest {

    @TempDir
    Path tmp;

    @Test
    void findSeesTheTopmostEntryWhiteoutsOpaqueDirectoriesAndStopsAtLinks() throws IOException {
        assumeTrue(Root.isRoot(), "makes whiteouts (character devices 0/0): needs root");
        Path bottom = Files.createDirectories(tmp.resolve("bottom"));
        Path top = Files.createDirectories(tmp.resolve("top"));
        write(bottom.resolve("etc/passwd"), "bottom");
        write(bottom.resolve("etc/group"), "bottom");
        write(bottom.resolve("opt/old"), "hidden by the opaque directory above");
        write(bottom.resolve("gone/file"), "whited out above");
        Files.createDirectories(bottom.resolve("real/dir"));
        Files.createSymbolicLink(bottom.resolve("link"), Path.of("real"));
        write(bottom.resolve("file"), "a file, not a directory");

        write(top.resolve("etc/passwd"), "top");
        Files.createDirectories(top.resolve("opt"));
        UserDefinedFileAttributeView opaque = Files.getFileAttributeView(top.resolve("opt"),
                UserDefinedFileAttributeView.class);
        opaque.write("overlay.opaque", ByteBuffer.wrap("y".getBytes(StandardCharsets.UTF_8)));
        assertThat(HostCommand.run(List.of("mknod", top.resolve("gone").toString(), "c", "0", "0"), null).ok())
                .isTrue();

        LowerView view = new LowerView(List.of(top, bottom));
        assertThat(view.find("/etc/passwd")).isEqualTo(new LowerView.Found(LowerView.Kind.REGULAR_FILE,
                top.resolve("etc/passwd")));
        assertThat(view.find("/etc/group")).isEqualTo(new LowerView.Found(LowerView.Kind.REGULAR_FILE,
                bottom.resolve("etc/group")));
        assertThat(view.find("etc").kind()).isEqualTo(LowerView.Kind.DIRECTORY);
        assertThat(view.find("/").kind()).isEqualTo(LowerView.Kind.DIRECTORY);
        assertThat(view.find("/etc/hosts").kind()).isEqualTo(LowerView.Kind.ABSENT);
        assertThat(view.find("/opt/old").kind()).as("below an opaque directory").isEqualTo(LowerView.Kind.ABSENT);
        assertThat(view.find("/gone").kind()).as("whited out").isEqualTo(LowerView.Kind.ABSENT);
        assertThat(view.find("/gone/file").kind()).isEqualTo(LowerView.Kind.ABSENT);
        assertThat(view.find("/real/./dir").kind()).isEqualTo(LowerView.Kind.DIRECTORY);
        // What a mount would resolve inside the root: a link anywhere on the way, a file as a directory, "..".
        assertThat(view.find("/link").kind()).isEqualTo(LowerView.Kind.UNRESOLVED);
        assertThat(view.find("/link/dir").kind()).isEqualTo(LowerView.Kind.UNRESOLVED);
        assertThat(view.find("/file/x").kind()).isEqualTo(LowerView.Kind.UNRESOLVED);
        assertThat(view.find("/real/../etc").kind()).isEqualTo(LowerView.Kind.UNRESOLVED);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
