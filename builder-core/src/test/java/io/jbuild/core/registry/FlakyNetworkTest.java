package io.jbuild.core.registry;

import static io.jbuild.core.registry.TestImages.ref;
import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.StorePaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network that drops 30% of all connections to the registry: pushes and pulls with the default retry policy
 * still complete, the image arrives whole, and the cost is bounded (retries per operation, requests, time).
 */
class FlakyNetworkTest {

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.open();

    @TempDir
    Path tmp;

    @Test
    @Timeout(120)
    void pushAndPullThroughThirtyPercentDroppedConnections() throws Exception {
        pushAndPull(1, "one");
    }

    @Test
    @Tag("reliability")
    @Timeout(1200)
    void twentyPushesAndPullsThroughThirtyPercentDroppedConnections() throws Exception {
        for (long seed = 2; seed < 22; seed++) {
            pushAndPull(seed, "many" + seed);
        }
    }

    private void pushAndPull(long seed, String name) throws Exception {
        Path work = tmp.resolve(name);
        ImageStore local = TestImages.store(work.resolve("a"));
        String direct = REGISTRY.host() + "/flaky/" + name + ":1";
        TestImages.busybox(local, work, direct, 2_000_000 + (int) seed);
        RegistryOptions options = RegistryOptions.defaults().withEnvironment(Map.of(), work); // the default retries
        List<String> retries = new CopyOnWriteArrayList<>();
        TransferListener listener = new TransferListener() {
            @Override
            public void retrying(String what, int attempt, int maxAttempts, Duration delay, Exception cause) {
                assertThat(attempt).isLessThanOrEqualTo(maxAttempts).isLessThanOrEqualTo(RetryPolicy.DEFAULT.maxAttempts());
                retries.add(what + " #" + attempt + ": " + cause.getMessage());
            }
        };

        // The requests a push and a pull make on a sound network, through a proxy that drops nothing.
        int clean;
        try (FaultyProxy proxy = FaultyProxy.start(REGISTRY.port())) {
            String through = proxy.host() + "/flaky/" + name + "-clean:1";
            local.tag(ref(through), local.lookup(ref(direct)).orElseThrow());
            new ImagePusher(local, options).push(ref(through), TransferListener.SILENT);
            new ImagePuller(TestImages.store(work.resolve("clean")), options).pull(ref(through), TransferListener.SILENT);
            clean = proxy.requests().size();
        }

        try (FaultyProxy proxy = FaultyProxy.start(REGISTRY.port()).dropRandomly(0.3, seed)) {
            String through = proxy.host() + "/flaky/" + name + ":1";
            local.tag(ref(through), local.lookup(ref(direct)).orElseThrow());
            long t0 = System.nanoTime();
            PushResult pushed = new ImagePusher(local, options).push(ref(through), listener);
            Path root = work.resolve("b");
            PullResult pulled = new ImagePuller(TestImages.store(root), options).pull(ref(through), listener);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);

            assertThat(pulled.manifest().digest()).isEqualTo(pushed.digest());
            ImageStore store = ImageStore.open(root);
            assertThat(store.resolve(through).imageId()).isEqualTo(local.resolve(direct).imageId());
            StoreChecks.assertConsistent(root);
            try (Stream<Path> leftovers = Files.list(StorePaths.of(root).tmp())) {
                assertThat(leftovers).as("temporary files of failed downloads").isEmpty();
            }
            int requests = proxy.requests().size();
            System.out.printf("FlakyNetworkTest seed %d: %d requests (%d on a sound network), %d dropped, %d retries,"
                    + " %d ms%n", seed, requests, clean, proxy.faults(), retries.size(), took.toMillis());
            assertThat(proxy.faults()).as("connections dropped").isPositive();
            // Bounded: at most three times the requests of a sound network, and well under the time the retry
            // policy's waits could add up to if every operation exhausted them.
            assertThat(requests).isLessThanOrEqualTo(3 * clean);
            assertThat(took).isLessThan(Duration.ofSeconds(60));
        }
    }
}
