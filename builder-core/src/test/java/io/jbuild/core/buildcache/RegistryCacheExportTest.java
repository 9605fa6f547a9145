package io.jbuild.core.buildcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbuild.core.image.Descriptor;
import io.jbuild.core.image.MediaTypes;
import io.jbuild.core.image.Platform;
import io.jbuild.core.registry.LocalRegistry;
import io.jbuild.core.registry.RegistryAccess;
import io.jbuild.core.registry.RegistryOptions;
import io.jbuild.core.store.ImageStore;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.grammar.reference.ImageReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A registry export puts blobs first and the manifest last: a failed one leaves the tag on the previous cache. */
class RegistryCacheExportTest {

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.open();

    @TempDir
    Path tmp;

    @Test
    void aFailedExportLeavesThePreviousWholeCache() throws Exception {
        ImageStore store = ImageStore.open(tmp.resolve("store"));
        byte[] content = "a layer".getBytes(StandardCharsets.UTF_8);
        Digest stored = store.blobs().put(content).digest();
        CachedLayer present = new CachedLayer(Descriptor.of(MediaTypes.OCI_LAYER, stored, content.length),
                Digest.of(content));
        CachedLayer absent = new CachedLayer(Descriptor.of(MediaTypes.OCI_LAYER, Digest.of(new byte[1]), 1),
                Digest.of(new byte[1]));
        String k1 = "1".repeat(64);
        String k2 = "2".repeat(64);
        String k3 = "3".repeat(64);
        ImageReference ref = ImageReference.parse(REGISTRY.host() + "/app/cache:main");
        CacheTarget target = new CacheTarget.Registry(ref, CacheMode.MAX, false);
        RegistryAccess access = registry -> RegistryOptions.defaults();

        CacheExport.export(target, Map.of(k1, present, k3, CachedLayer.NONE), Set.of(), store.blobs(), access);
        assertThatThrownBy(() -> CacheExport.export(target, Map.of(k1, present, k2, absent), Set.of(), store.blobs(),
                access)).hasMessage("exporting cache to " + ref + ": layer " + absent.descriptor().digest()
                + " is not in the local store");

        try (RegistryCache cache = new RegistryCache(ref, RegistryOptions.defaults(), false)) {
            Map<String, CachedLayer> read = ImportedCache.read(cache, Platform.host(), w -> { }).steps();
            assertThat(read).containsOnlyKeys(k1, k3);
            assertThat(read.get(k1).diffId()).isEqualTo(present.diffId());
            assertThat(read.get(k3).empty()).isTrue();
        }
    }
}
