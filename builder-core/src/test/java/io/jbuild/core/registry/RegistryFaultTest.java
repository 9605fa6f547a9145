package io.jbuild.core.registry;

import static io.jbuild.core.registry.TestImages.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbuild.core.registry.FaultyProxy.Fault;
import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.StorePaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry behind a proxy that drops connections, answers 500 and 429 and cuts answers short: pushes and
 * pulls still complete, and the store stays consistent; when the failures do not stop, they give up in bounded
 * time without tagging anything.
 */
@Timeout(60)
class RegistryFaultTest {

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.open();

    @TempDir
    Path tmp;

    private static boolean blobGet(String line) {
        return line.startsWith("GET ") && line.contains("/blobs/sha256:");
    }

    @Test
    void transientFailuresAreRetriedUntilTheTransferCompletes() throws Exception {
        try (FaultyProxy proxy = FaultyProxy.start(REGISTRY.port())) {
            String name = proxy.host() + "/test/flaky:1";
            ImageStore local = TestImages.store(tmp.resolve("a"));
            TestImages.busybox(local, tmp, name, 300_000);
            RegistryOptions options = TestImages.options(tmp);

            proxy.fail(Fault.DROP, 2, l -> l.startsWith("POST ") && l.contains("/blobs/uploads/"))
                    .fail(Fault.ERROR_500, 2, l -> l.startsWith("PATCH "))
                    .fail(Fault.TOO_MANY_REQUESTS, 1, l -> l.startsWith("HEAD "))
                    .fail(Fault.ERROR_500, 1, l -> l.startsWith("PUT ") && l.contains("/manifests/"));
            PushResult pushed = new ImagePusher(local, options).push(ref(name), TransferListener.SILENT);
            assertThat(pushed.uploaded()).isEqualTo(3);
            assertThat(proxy.faults()).isEqualTo(6);

            proxy.fail(Fault.ERROR_500, 2, l -> l.startsWith("GET ") && l.contains("/manifests/"))
                    .fail(Fault.DROP, 1, l -> l.startsWith("GET ") && l.contains("/manifests/"))
                    .fail(Fault.TRUNCATE, 2, RegistryFaultTest::blobGet)
                    .fail(Fault.DROP, 1, RegistryFaultTest::blobGet)
                    .fail(Fault.TOO_MANY_REQUESTS, 1, RegistryFaultTest::blobGet);
            Path root = tmp.resolve("b");
            PullResult pulled = new ImagePuller(TestImages.store(root), options).pull(ref(name), TransferListener.SILENT);
            assertThat(proxy.faults()).isEqualTo(13);
            assertThat(pulled.manifest().digest()).isEqualTo(pushed.digest());
            assertThat(pulled.downloaded()).isEqualTo(3);
            StoreChecks.assertConsistent(root);
            try (Stream<Path> leftovers = Files.list(StorePaths.of(root).tmp())) {
                assertThat(leftovers).as("temporary files of failed downloads").isEmpty();
            }
        }
    }

    @Test
    void failuresThatDoNotStopEndThePullWithoutATag() throws Exception {
        ImageStore local = TestImages.store(tmp.resolve("a"));
        String direct = REGISTRY.host() + "/test/broken:1";
        TestImages.busybox(local, tmp, direct, 0);
        RegistryOptions options = TestImages.options(tmp);
        new ImagePusher(local, options).push(ref(direct), TransferListener.SILENT);

        try (FaultyProxy proxy = FaultyProxy.start(REGISTRY.port())) {
            String config = local.resolve(direct).imageId().encoded();
            proxy.fail(Fault.ERROR_500, 1000, l -> blobGet(l) && !l.contains(config));
            String name = proxy.host() + "/test/broken:1";
            Path root = tmp.resolve("b");
            long start = System.nanoTime();
            assertThatThrownBy(() -> new ImagePuller(TestImages.store(root), options).pull(ref(name),
                    TransferListener.SILENT))
                    .hasMessageStartingWith(name + ": download sha256:")
                    .hasMessageContaining(": giving up after 4 attempts: registry answered HTTP 500");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
            assertThat(proxy.faults()).isEqualTo(4);

            ImageStore store = ImageStore.open(root);
            assertThat(store.list()).as("no tag of an incomplete image").isEmpty();
            assertThat(store.index().manifests()).isEmpty();
            StoreChecks.assertConsistent(root);
            assertThat(store.prune(Duration.ZERO).deletedBlobs()).as("the config, an orphan now").hasSize(1);
        }
    }
}
