package io.jbuild.core.container.cp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

/**
 * A running container's file may change size between the walk's stat and the read: its entry keeps the size it
 * announced (cut when the file grew, padded with zeros when it shrank), so the tar stays readable.
 */
class TarOutTest {

    @Test
    void aFileThatGrewIsCutAndOneThatShrankIsPadded() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarOut tar = new TarOut(out)) {
            TreeReader.Visitor v = tar.visitor("d", "d");
            v.file(List.of("grew"), file(4), stream("0123456789"));
            v.file(List.of("shrank"), file(6), stream("abc"));
        }
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            TarArchiveEntry e = in.getNextEntry();
            assertThat(e.getName()).isEqualTo("d/grew");
            assertThat(in.readAllBytes()).isEqualTo("0123".getBytes(StandardCharsets.UTF_8));
            e = in.getNextEntry();
            assertThat(e.getName()).isEqualTo("d/shrank");
            assertThat(in.readAllBytes()).isEqualTo(new byte[] {'a', 'b', 'c', 0, 0, 0});
            assertThat(in.getNextEntry()).isNull();
        }
    }

    private static Node file(long size) {
        return new Node(Node.Type.FILE, 0644, 0, 0, FileTime.fromMillis(0), size, null, 0, 1, null);
    }

    private static ByteArrayInputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
