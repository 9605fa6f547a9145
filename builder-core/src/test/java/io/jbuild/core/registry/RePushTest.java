package io.jbuild.core.registry;

import static io.jbuild.core.registry.TestImages.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbuild.core.image.Descriptor;
import io.jbuild.core.image.DigestMismatchException;
import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.ResolvedImage;
import io.jbuild.grammar.reference.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A push of an image the registry already has under its tag does only what it must, as seen in the real registry's
 * log: one ping and one HEAD of the tag on one connection; no HEAD per blob, no uploads, no manifest PUT; and it sets
 * up no TLS (the JDK's HTTP client) for a plain-HTTP registry. A tag that names another manifest is pushed as
 * before.
 */
class RePushTest {

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.open();

    @TempDir
    Path tmp;

    @Test
    void aRePushAsksOnlyWhetherTheTagNamesItsManifest() throws Exception {
        ImageStore store = TestImages.store(tmp.resolve("store"));
        String name = REGISTRY.host() + "/again/app:1";
        TestImages.busybox(store, tmp, name, 64 * 1024); // config and two layers: three blobs
        ResolvedImage image = store.resolve(name);
        List<String> blobs = new ArrayList<>();
        blobs.add("/v2/again/app/blobs/" + image.manifest().config().digest());
        for (Descriptor layer : image.manifest().layers()) {
            blobs.add("/v2/again/app/blobs/" + layer.digest());
        }
        RegistryOptions options = TestImages.options(tmp);
        new ImagePusher(store, options).push(ref(name), TransferListener.SILENT);
        // This push's own PUT (the registry is shared by the class's tests, which run in any order).
        REGISTRY.servedAfter(0, s -> s.method().equals("PUT") && s.uri().equals("/v2/again/app/manifests/1"));

        int mark = REGISTRY.served().size();
        Set<Long> selectorsBefore = jdkClientThreads();
        PushResult again = new ImagePusher(store, options).push(ref(name), TransferListener.SILENT);
        Set<Long> selectorsAfter = jdkClientThreads();
        selectorsAfter.removeAll(selectorsBefore);
        // Plain HTTP needs no TLS: the JDK's client (its SSLContext, its selector thread: most of the CPU of a
        // re-push once) is not made for it.
        assertThat(selectorsAfter).as("JDK HTTP clients started by a push to a plain-HTTP registry").isEmpty();
        List<LocalRegistry.Served> served = REGISTRY.servedAfter(mark,
                s -> s.method().equals("HEAD") && s.uri().equals("/v2/again/app/manifests/1"));

        assertThat(again.uploaded()).isZero();
        assertThat(again.onRegistry()).isEqualTo(3);
        assertThat(again.digest()).isEqualTo(image.manifestDescriptor().digest());
        // The tag names this manifest already: the ping and one HEAD of the tag, no HEAD per blob, no PUT.
        assertThat(served).extracting(s -> s.method() + " " + s.uri())
                .containsExactly("GET /v2/", "HEAD /v2/again/app/manifests/1");
        assertThat(served).extracting(LocalRegistry.Served::remoteAddress).as("one connection")
                .containsOnly(served.get(0).remoteAddress());
    }

    @Test
    void aTagNamingAnotherManifestIsPushedBlobByBlob() throws Exception {
        ImageStore store = TestImages.store(tmp.resolve("store"));
        String name = REGISTRY.host() + "/again/moved:1";
        TestImages.busybox(store, tmp.resolve("a"), name, 64 * 1024);
        RegistryOptions options = TestImages.options(tmp);
        new ImagePusher(store, options).push(ref(name), TransferListener.SILENT);
        REGISTRY.servedAfter(0, s -> s.method().equals("PUT") && s.uri().equals("/v2/again/moved/manifests/1"));

        TestImages.busybox(store, tmp.resolve("b"), name, 96 * 1024); // the same tag, another image
        ResolvedImage image = store.resolve(name);
        int mark = REGISTRY.served().size();
        PushResult moved = new ImagePusher(store, options).push(ref(name), TransferListener.SILENT);
        List<LocalRegistry.Served> served = REGISTRY.servedAfter(mark,
                s -> s.method().equals("PUT") && s.uri().equals("/v2/again/moved/manifests/1"));

        assertThat(moved.digest()).isEqualTo(image.manifestDescriptor().digest());
        assertThat(moved.uploaded()).isPositive();
        assertThat(served).extracting(s -> s.method() + " " + s.uri())
                .contains("HEAD /v2/again/moved/manifests/1", "PUT /v2/again/moved/manifests/1")
                .anyMatch(r -> r.startsWith("PUT /v2/again/moved/blobs/uploads/")
                        && r.endsWith("digest=" + image.manifest().config().digest()));
        RegistrySession check = RegistrySession.open(ref(name), null, false, options, TransferListener.SILENT);
        try (check) {
            assertThat(check.manifest("1").digest()).isEqualTo(image.manifestDescriptor().digest());
        }
    }

    @Test
    void aManifestThatIsNotWhatItsDigestSaysIsNeverSent() throws Exception {
        ImageStore store = TestImages.store(tmp.resolve("store"));
        String name = REGISTRY.host() + "/again/tampered:1";
        TestImages.busybox(store, tmp, name, 64 * 1024);
        ResolvedImage image = store.resolve(name);
        Digest digest = image.manifestDescriptor().digest();
        // Still a manifest with the same blobs, which a push reads unchecked: only its digest can tell.
        Path manifest = store.blobs().path(digest);
        byte[] tampered = (new String(Files.readAllBytes(manifest), StandardCharsets.UTF_8) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(manifest.toFile().setWritable(true)).isTrue();
        Files.write(manifest, tampered);
        RegistryOptions options = TestImages.options(tmp);

        assertThatThrownBy(() -> new ImagePusher(store, options).push(ref(name), TransferListener.SILENT))
                .isInstanceOf(DigestMismatchException.class).hasMessageContaining(digest.toString());
        // Checked before anything was sent: the registry has neither the tag nor any of the image's blobs.
        try (RegistrySession check = RegistrySession.open(ref(name), null, false, options,
                TransferListener.SILENT)) {
            assertThat(check.manifestDigest("1")).isEmpty();
            assertThat(check.hasBlob(image.manifest().config().digest())).isFalse();
            for (Descriptor layer : image.manifest().layers()) {
                assertThat(check.hasBlob(layer.digest())).isFalse();
            }
        }
    }

    /** The live selector threads of JDK HTTP clients (one per client, started as the client is built). */
    private static Set<Long> jdkClientThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("HttpClient-") && t.getName().endsWith("-SelectorManager"))
                .map(Thread::getId).collect(Collectors.toSet());
    }
}
