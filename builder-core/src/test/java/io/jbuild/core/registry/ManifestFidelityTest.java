package io.jbuild.core.registry;

import static io.jbuild.core.registry.TestImages.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jbuild.core.image.Descriptor;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.image.ImageManifest;
import io.jbuild.core.image.Manifest;
import io.jbuild.core.image.MediaTypes;
import io.jbuild.core.image.OciJson;
import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.ResolvedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Manifests travel byte for byte, whatever their formatting, and with the fields jib's own manifest templates
 * cannot read ({@code artifactType}, a descriptor's embedded {@code data}); embedded blobs are not downloaded.
 */
class ManifestFidelityTest {

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.open();

    @TempDir
    Path tmp;

    @Test
    void oddlyFormattedManifestWithArtifactTypeAndEmbeddedDataRoundTrips() throws Exception {
        ImageStore local = TestImages.store(tmp.resolve("a"));
        TestImages.busybox(local, tmp, "built:1", 0);
        ResolvedImage built = local.resolve("built:1");
        byte[] config = local.readConfigBytes(built.imageId());
        Descriptor layer = built.manifest().layers().get(0);
        String json = "{\n    \"schemaVersion\" : 2,\n\t\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\n"
                + "  \"artifactType\": \"application/vnd.jbuild.test+type\",\n"
                + "  \"config\": {\"mediaType\": \"" + MediaTypes.OCI_CONFIG + "\", \"digest\": \"" + built.imageId()
                + "\", \"size\": " + config.length + ", \"data\": \"" + Base64.getEncoder().encodeToString(config)
                + "\"},\n  \"layers\": [" + new String(OciJson.write(layer), StandardCharsets.UTF_8) + "],\n"
                + "  \"annotations\": {\"org.example.note\": \"caf\u00e9 \u2603\"}\n}\n";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        Digest digest = local.blobs().put(bytes).digest();
        String name = REGISTRY.host() + "/test/fidelity:1";
        local.tag(ref(name), Descriptor.of(MediaTypes.OCI_MANIFEST, digest, bytes.length));

        RegistryOptions options = TestImages.options(tmp);
        PushResult pushed = new ImagePusher(local, options).push(ref(name), TransferListener.SILENT);
        assertThat(pushed.digest()).isEqualTo(digest);
        assertThat(skopeoRaw(name)).isEqualTo(bytes);

        try (FaultyProxy recorder = FaultyProxy.start(REGISTRY.port())) {
            Path root = tmp.resolve("b");
            ImageStore other = TestImages.store(root);
            PullResult pulled = new ImagePuller(other, options).pull(ref(recorder.host() + "/test/fidelity:1"),
                    TransferListener.SILENT);
            assertThat(pulled.manifest().digest()).isEqualTo(digest);
            assertThat(other.blobs().readAll(digest, Manifest.MAX_SIZE)).isEqualTo(bytes);
            ImageManifest m = (ImageManifest) other.readManifest(pulled.manifest());
            assertThat(m.artifactType()).isEqualTo("application/vnd.jbuild.test+type");
            assertThat(m.config().data()).isNotNull();
            assertThat(other.readConfigBytes(built.imageId())).isEqualTo(config);
            assertThat(recorder.requests()).as("the embedded config is not downloaded")
                    .noneMatch(l -> l.contains(built.imageId().encoded()))
                    .anyMatch(l -> l.contains(layer.digest().encoded()));
            StoreChecks.assertConsistent(root);
        }
    }

    private static byte[] skopeoRaw(String name) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/skopeo")), "skopeo is installed by .ci/run");
        Process p = new ProcessBuilder("/usr/bin/skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + name)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return out;
    }
}
