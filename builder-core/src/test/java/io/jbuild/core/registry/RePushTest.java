package io.jbuild.core.registry;

import static io.jbuild.core.registry.TestImages.ref;
import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.core.image.Descriptor;
import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.ResolvedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A push of an image whose blobs the registry already has does only what it must, as seen in the real registry's
 * log: one ping, one HEAD per blob, the manifest; no uploads; its requests share connections; and it sets up no
 * TLS (the JDK's HTTP client) for a plain-HTTP registry.
 */
class RePushTest {

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.open();

    @TempDir
    Path tmp;

    @Test
    void aRePushAsksOncePerBlobOverFewConnections() throws Exception {
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
        REGISTRY.servedAfter(0, s -> s.method().equals("PUT") && s.uri().contains("/manifests/"));

        int mark = REGISTRY.served().size();
        Set<Long> selectorsBefore = jdkClientThreads();
        PushResult again = new ImagePusher(store, options).push(ref(name), TransferListener.SILENT);
        Set<Long> selectorsAfter = jdkClientThreads();
        selectorsAfter.removeAll(selectorsBefore);
        // Plain HTTP needs no TLS: the JDK's client (its SSLContext, its selector thread: most of the CPU of a
        // re-push once) is not made for it.
        assertThat(selectorsAfter).as("JDK HTTP clients started by a push to a plain-HTTP registry").isEmpty();
        List<LocalRegistry.Served> served = REGISTRY.servedAfter(mark,
                s -> s.method().equals("PUT") && s.uri().equals("/v2/again/app/manifests/1"));

        assertThat(again.uploaded()).isZero();
        assertThat(again.onRegistry()).isEqualTo(3);
        assertThat(served).extracting(s -> s.method() + " " + s.uri())
                .containsExactlyInAnyOrder("GET /v2/", "HEAD " + blobs.get(0), "HEAD " + blobs.get(1),
                        "HEAD " + blobs.get(2), "PUT /v2/again/app/manifests/1");
        assertThat(served.get(0).uri()).isEqualTo("/v2/"); // the ping, once, before the rest
        Set<String> connections = served.stream().map(LocalRegistry.Served::remoteAddress)
                .collect(Collectors.toSet());
        // The HEADs go in parallel (up to one connection each, and the ping's connection may not be back in the
        // pool when they start); the manifest reuses one of them. A client without kept connections uses one per
        // request.
        assertThat(connections).as("client connections of %s", served)
                .hasSizeLessThanOrEqualTo(blobs.size() + 1).hasSizeLessThan(served.size());
    }

    /** The live selector threads of JDK HTTP clients (one per client, started as the client is built). */
    private static Set<Long> jdkClientThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("HttpClient-") && t.getName().endsWith("-SelectorManager"))
                .map(Thread::getId).collect(Collectors.toSet());
    }
}
