package io.jbuild.core.registry;

import static io.jbuild.core.registry.TestImages.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jbuild.core.image.Descriptor;
import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.ResolvedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Push and pull through a real registry: what goes up comes back down, byte for byte. */
class RegistryRoundTripTest {

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.open();

    @TempDir
    Path tmp;

    /** Records what a transfer reported. */
    static final class Events implements TransferListener {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void blobSkipped(Descriptor blob, Skipped why, String mountedFrom) {
            lines.add(why + " " + blob.digest() + (mountedFrom == null ? "" : " from " + mountedFrom));
        }

        @Override
        public void blobDone(Descriptor blob) {
            lines.add("DONE " + blob.digest());
        }

        long count(String prefix) {
            synchronized (lines) {
                return lines.stream().filter(l -> l.startsWith(prefix)).count();
            }
        }
    }

    @Test
    void pushThenPullGivesTheSameImage() throws Exception {
        ImageStore local = TestImages.store(tmp.resolve("a"));
        String name = REGISTRY.host() + "/test/busybox:1";
        TestImages.busybox(local, tmp, name, 0);
        ResolvedImage built = local.resolve(name);
        RegistryOptions options = TestImages.options(tmp);

        Events pushed = new Events();
        PushResult push = new ImagePusher(local, options).push(ref(name), pushed);
        assertThat(push.digest()).isEqualTo(built.manifestDescriptor().digest());
        assertThat(push.uploaded()).isEqualTo(2); // config and the busybox layer
        assertThat(pushed.count("DONE")).isEqualTo(2);

        JsonNode inspect = skopeoInspect(name);
        assertThat(inspect.path("Digest").asText()).isEqualTo(push.digest().toString());
        assertThat(inspect.path("Layers").get(0).asText())
                .isEqualTo(built.manifest().layers().get(0).digest().toString());

        ImageStore other = TestImages.store(tmp.resolve("b"));
        Events pulled = new Events();
        PullResult pull = new ImagePuller(other, options).pull(ref(name), pulled);
        assertThat(pull.manifest().digest()).isEqualTo(push.digest());
        assertThat(pull.imageId()).isEqualTo(built.imageId());
        assertThat(pull.downloaded()).isEqualTo(2);
        assertThat(pull.indexDigest()).isNull();
        ResolvedImage copy = other.resolve(name);
        assertThat(copy.manifestDescriptor().digest()).isEqualTo(built.manifestDescriptor().digest());
        assertThat(other.readConfigBytes(copy.imageId())).isEqualTo(local.readConfigBytes(built.imageId()));
        assertThat(Files.readAllBytes(other.blobs().path(copy.manifest().layers().get(0).digest())))
                .isEqualTo(Files.readAllBytes(local.blobs().path(built.manifest().layers().get(0).digest())));

        // Again: nothing to transfer either way.
        Events again = new Events();
        PullResult second = new ImagePuller(other, options).pull(ref(name), again);
        assertThat(second.downloaded()).isZero();
        assertThat(second.alreadyInStore()).isEqualTo(2);
        assertThat(second.upToDate()).isTrue();
        Events repush = new Events();
        PushResult third = new ImagePusher(local, options).push(ref(name), repush);
        assertThat(third.uploaded()).isZero();
        assertThat(third.onRegistry()).isEqualTo(2);
        assertThat(repush.count("ON_REGISTRY")).isEqualTo(2);
    }

    @Test
    void pushingUnderAnotherRepositoryMountsTheBlobs() throws Exception {
        ImageStore local = TestImages.store(tmp.resolve("a"));
        String source = REGISTRY.host() + "/test/mount-source:1";
        TestImages.busybox(local, tmp, source, 1000);
        RegistryOptions options = TestImages.options(tmp);
        new ImagePusher(local, options).push(ref(source), TransferListener.SILENT);

        String copy = REGISTRY.host() + "/test/mount-target:1";
        local.tag(source, ref(copy));
        Events events = new Events();
        PushResult result = new ImagePusher(local, options).push(ref(copy), events);
        assertThat(result.mounted()).isEqualTo(3);
        assertThat(result.uploaded()).isZero();
        assertThat(events.count("MOUNTED")).isEqualTo(3);
        assertThat(events.lines).allMatch(l -> l.endsWith("from test/mount-source"));
        assertThat(skopeoInspect(copy).path("Digest").asText()).isEqualTo(result.digest().toString());
    }

    @Test
    void pullByDigestKeepsTheImageUnnamed() throws Exception {
        ImageStore local = TestImages.store(tmp.resolve("a"));
        String name = REGISTRY.host() + "/test/by-digest:1";
        TestImages.busybox(local, tmp, name, 0);
        RegistryOptions options = TestImages.options(tmp);
        PushResult push = new ImagePusher(local, options).push(ref(name), TransferListener.SILENT);

        ImageStore other = TestImages.store(tmp.resolve("b"));
        String byDigest = REGISTRY.host() + "/test/by-digest@" + push.digest();
        PullResult pull = new ImagePuller(other, options).pull(ref(byDigest), TransferListener.SILENT);
        assertThat(pull.manifest().digest()).isEqualTo(push.digest());
        assertThat(other.list()).singleElement().satisfies(s -> assertThat(s.refName()).isNull());
        assertThat(other.resolve(pull.imageId().toString()).manifestDescriptor().digest()).isEqualTo(push.digest());
    }

    @Test
    void missingImagesAreNamedInTheError() throws Exception {
        ImageStore store = TestImages.store(tmp.resolve("a"));
        RegistryOptions options = TestImages.options(tmp);
        String name = REGISTRY.host() + "/test/never-pushed:1";
        assertThatThrownBy(() -> new ImagePuller(store, options).pull(ref(name), TransferListener.SILENT))
                .isInstanceOf(RegistryException.class)
                .hasMessage(name + ": manifest unknown");
        assertThatThrownBy(() -> new ImagePusher(store, options).push(ref(name), TransferListener.SILENT))
                .isInstanceOf(RegistryException.class)
                .hasMessage("an image does not exist locally with the tag: " + name);
        assertThat(store.list()).isEmpty();

        TestImages.busybox(store, tmp, REGISTRY.host() + "/test/exists:1", 0);
        new ImagePusher(store, options).push(ref(REGISTRY.host() + "/test/exists:1"), TransferListener.SILENT);
        String wrongTag = REGISTRY.host() + "/test/exists:2";
        assertThatThrownBy(() -> new ImagePuller(store, options).pull(ref(wrongTag), TransferListener.SILENT))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith(wrongTag + ": ")
                .hasMessageContaining("manifest unknown");
    }

    private static JsonNode skopeoInspect(String name) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/skopeo")), "skopeo is installed by .ci/run");
        Process p = new ProcessBuilder("/usr/bin/skopeo", "inspect", "--tls-verify=false", "docker://" + name)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return new ObjectMapper().readTree(out);
    }
}
