package io.jbuild.maven;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageMetadataFilesTest {

    private static final String ID = "sha256:61bb3ec31a47cb730eb58a38bbfa813761a51dca69d10e39c24c3d00a7b2c7a9";
    private static final String DIGEST = "sha256:3f1be7e19129edb202c071a659a4db35280ab2bb1a16f223bfd5d1948657b6fc";

    @TempDir
    Path tmp;

    @Test
    void writesJibsThreeFilesInJibsFormats() throws Exception {
        Path target = tmp.resolve("target");
        new ImageMetadataFiles("ghcr.io/me/app:1.0", ID, DIGEST,
                List.of("ghcr.io/me/app:1.0", "ghcr.io/me/app", "127.0.0.1:5000/app:1.0"), true).writeTo(target);

        assertThat(target.resolve("jbuild-image.digest")).hasContent(DIGEST);
        assertThat(Files.readString(target.resolve("jbuild-image.digest"))).doesNotEndWith("\n");
        assertThat(target.resolve("jbuild-image.id")).hasContent(ID);
        JsonNode json = new ObjectMapper().readTree(target.resolve("jbuild-image.json").toFile());
        assertThat(json.path("image").asText()).isEqualTo("ghcr.io/me/app:1.0");
        assertThat(json.path("imageId").asText()).isEqualTo(ID);
        assertThat(json.path("imageDigest").asText()).isEqualTo(DIGEST);
        assertThat(json.path("tags")).extracting(JsonNode::asText).containsExactly("1.0", "latest");
        assertThat(json.path("imagePushed").isBoolean()).isTrue();
        assertThat(json.path("imagePushed").asBoolean()).isTrue();
        assertThat(target.resolve("jbuild-image.json")).hasContent("{\"image\":\"ghcr.io/me/app:1.0\",\"imageId\":\"" + ID
                + "\",\"imageDigest\":\"" + DIGEST + "\",\"tags\":[\"1.0\",\"latest\"],\"imagePushed\":true}"); // compact, as jib's
        try (Stream<Path> files = Files.list(target)) {
            assertThat(files.map(p -> p.getFileName().toString())) // nothing temporary left
                    .containsExactlyInAnyOrder("jbuild-image.digest", "jbuild-image.id", "jbuild-image.json");
        }
    }

    @Test
    void aLaterBuildReplacesTheFiles() throws Exception {
        Path target = Files.createDirectories(tmp.resolve("target"));
        Files.writeString(target.resolve("jbuild-image.digest"), "sha256:old and longer than the new one, by far....");
        new ImageMetadataFiles("app:1", ID, DIGEST, List.of("app:1"), false).writeTo(target);
        assertThat(target.resolve("jbuild-image.digest")).hasContent(DIGEST);
        JsonNode json = new ObjectMapper().readTree(target.resolve("jbuild-image.json").toFile());
        assertThat(json.path("imagePushed").asBoolean(true)).isFalse();
    }
}
