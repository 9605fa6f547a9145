package io.jbuild.core.registry;

import static io.jbuild.core.registry.TestImages.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbuild.core.build.BuildListener;
import io.jbuild.core.build.BuildRequest;
import io.jbuild.core.build.BuildResult;
import io.jbuild.core.build.ImageBuilder;
import io.jbuild.core.image.Descriptor;
import io.jbuild.core.image.ImageIndex;
import io.jbuild.core.image.Platform;
import io.jbuild.core.image.PlatformMatcher;
import io.jbuild.core.store.ImageStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Multi-platform indexes: pushed whole, pulled for one platform, and a clear error when none fits. */
class PlatformIndexTest {

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.open();

    @TempDir
    Path tmp;

    /** An index of two single-file images built for s390x and riscv64, tagged {@code name}. */
    private Descriptor pushIndex(ImageStore store, String name, RegistryOptions options) throws Exception {
        Path context = Files.createDirectories(tmp.resolve("ctx"));
        List<Descriptor> manifests = new ArrayList<>();
        for (String platform : List.of("linux/s390x", "linux/riscv64")) {
            Files.writeString(context.resolve("arch.txt"), platform + "\n");
            Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY arch.txt /\n");
            BuildResult built = new ImageBuilder(store, null, 1)
                    .build(BuildRequest.builder(context).platform(platform).build(), BuildListener.SILENT);
            manifests.add(built.manifest().withPlatform(Platform.parse(platform)));
        }
        Descriptor index = store.putManifest(ImageIndex.oci(manifests));
        store.tag(ref(name), index);
        PushResult pushed = new ImagePusher(store, options).push(ref(name), TransferListener.SILENT);
        assertThat(pushed.digest()).isEqualTo(index.digest());
        return index;
    }

    @Test
    void pullChoosesTheManifestOfThePlatform() throws Exception {
        RegistryOptions options = TestImages.options(tmp);
        String name = REGISTRY.host() + "/test/multi:1";
        Descriptor index = pushIndex(TestImages.store(tmp.resolve("a")), name, options);

        ImageStore other = TestImages.store(tmp.resolve("b"));
        PullResult pull = new ImagePuller(other,
                options.withPlatform(PlatformMatcher.of(Platform.parse("linux/riscv64")))).pull(ref(name),
                TransferListener.SILENT);
        assertThat(pull.indexDigest()).isEqualTo(index.digest());
        assertThat(pull.registryDigest()).isEqualTo(index.digest());
        assertThat(pull.manifest().platform().format()).isEqualTo("linux/riscv64");
        assertThat(other.resolve(name).config().platform().format()).isEqualTo("linux/riscv64");
    }

    @Test
    void noMatchingPlatformListsWhatTheIndexHas() throws Exception {
        RegistryOptions options = TestImages.options(tmp);
        String name = REGISTRY.host() + "/test/multi:2";
        pushIndex(TestImages.store(tmp.resolve("a")), name, options);

        ImageStore other = TestImages.store(tmp.resolve("b"));
        RegistryOptions arm = options.withPlatform(PlatformMatcher.of(Platform.parse("linux/arm64")));
        assertThatThrownBy(() -> new ImagePuller(other, arm).pull(ref(name), TransferListener.SILENT))
                .isInstanceOf(RegistryException.class)
                .hasMessage(name + ": no matching manifest for linux/arm64 in the manifest list entries;"
                        + " available: linux/s390x, linux/riscv64");
        assertThat(other.list()).isEmpty();
    }
}
