package io.jbuild.core.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.core.image.Descriptor;
import io.jbuild.core.registry.ImagePusher;
import io.jbuild.core.registry.LocalRegistry;
import io.jbuild.core.registry.RegistryOptions;
import io.jbuild.core.registry.TransferListener;
import io.jbuild.core.store.ImageStore;
import io.jbuild.grammar.reference.ImageReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A no-change rebuild needs only what the store holds: with the registry stopped after the first build, a base
 * pulled for two platforms (the tag names this machine's image, the other came from the same index) and a base held
 * for one platform rebuilt for that platform both build again, from the store and the step cache.
 */
class MultiPlatformOfflineTest {

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.open();

    @TempDir
    Path tmp;

    @Test
    void aRebuildWithTheRegistryDownTakesEveryPlatformsBaseFromTheStore() throws Exception {
        MultiPlatformBusybox.assumeAvailable();
        String base = REGISTRY.host() + "/busybox-multi:1";
        ImageStore publisher = ImageStore.open(tmp.resolve("publisher"));
        MultiPlatformBusybox.build(publisher, tmp.resolve("work"), base);
        new ImagePusher(publisher, RegistryOptions.defaults()).push(ImageReference.parse(base), TransferListener.SILENT);

        Path context = Files.createDirectories(tmp.resolve("context"));
        Files.writeString(context.resolve("app.txt"), "app\n");
        Files.writeString(context.resolve("Dockerfile"), "FROM " + base + "\nCOPY app.txt /app.txt\n");
        ImageStore both = ImageStore.open(tmp.resolve("both"));
        ImageStore armOnly = ImageStore.open(tmp.resolve("arm"));
        BuildRequest twoPlatforms = BuildRequest.builder(context).platform("linux/amd64,linux/arm64")
                .tags(List.of("app:1")).build();
        BuildRequest arm = BuildRequest.builder(context).platform("linux/arm64").tags(List.of("app:1")).build();
        List<String> pulled = new ArrayList<>();
        Descriptor first = new ImageBuilder(both, null, 1).build(twoPlatforms, recordPulls(pulled)).manifest();
        Descriptor firstArm = new ImageBuilder(armOnly, null, 1).build(arm, recordPulls(pulled)).manifest();
        assertThat(pulled).containsExactly(base + " (linux/amd64)", base + " (linux/arm64)", base);

        REGISTRY.stop();
        pulled.clear();
        List<String> cached = new ArrayList<>();
        BuildListener listener = new BuildListener() {
            @Override
            public void pulling(String image) {
                pulled.add(image);
            }

            @Override
            public void stepCached(String stage, int number) {
                cached.add(stage + "#" + number);
            }
        };
        Descriptor again = new ImageBuilder(both, null, 1).build(twoPlatforms, listener).manifest();
        Descriptor againArm = new ImageBuilder(armOnly, null, 1).build(arm, listener).manifest();
        assertThat(pulled).isEmpty();
        assertThat(again.digest()).isEqualTo(first.digest());
        assertThat(againArm.digest()).isEqualTo(firstArm.digest());
        assertThat(cached).as("each COPY from the cache").hasSize(3).allMatch(s -> s.endsWith("#2"));
    }

    private static BuildListener recordPulls(List<String> into) {
        return new BuildListener() {
            @Override
            public void pulling(String image) {
                into.add(image);
            }
        };
    }
}
