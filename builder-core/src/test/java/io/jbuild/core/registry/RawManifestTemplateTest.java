package io.jbuild.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.tools.jib.json.JsonTemplateMapper;
import io.jbuild.core.image.MediaTypes;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** jib serializes the template it pushes; ours must come out as the very bytes the digest was taken over. */
class RawManifestTemplateTest {

    @Test
    void jibWritesTheStoredBytesUnchanged() throws Exception {
        // Odd spacing, key order, non-ASCII, and fields jib's own templates reject (artifactType, data).
        String json = "{ \"schemaVersion\" : 2,\n\t\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"artifactType\":\"application/x-test\",\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\","
                + "\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":2,"
                + "\"data\":\"e30=\"},\"layers\":[],\"annotations\":{\"t\":\"caf\u00e9 \u2603\"}}  ";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        RawManifestTemplate template = new RawManifestTemplate(RawManifest.of(bytes, null));
        assertThat(JsonTemplateMapper.toByteArray(template)).isEqualTo(bytes);
        assertThat(template.getManifestMediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(template.getSchemaVersion()).isEqualTo(2);
    }

    @Test
    void notUtf8IsRefused() {
        byte[] bytes = {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}'};
        assertThatThrownBy(() -> new RawManifestTemplate(RawManifest.of(bytes, MediaTypes.OCI_MANIFEST)))
                .isInstanceOf(RegistryException.class).hasMessageContaining("not UTF-8");
    }
}
