package io.jbuild.core.store;

import io.jbuild.core.image.ContainerConfig;
import io.jbuild.core.image.Descriptor;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.image.ImageConfig;
import io.jbuild.core.image.MediaTypes;
import io.jbuild.core.image.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Small images made in a store for tests: uncompressed "layers" of given text. */
final class TestImages {

    private TestImages() {
    }

    static Descriptor layer(ImageStore store, String content) throws IOException {
        return store.blobs().put(content.getBytes(StandardCharsets.UTF_8)).descriptor(MediaTypes.OCI_LAYER);
    }

    /** An image for this machine's platform, made at {@code created}, with one layer per content string. */
    static Descriptor image(ImageStore store, Instant created, String... layerContents) throws IOException {
        return image(store, Platform.host(), created, layerContents);
    }

    static Descriptor image(ImageStore store, Platform platform, Instant created, String... layerContents)
            throws IOException {
        List<Descriptor> layers = new ArrayList<>();
        List<Digest> diffIds = new ArrayList<>();
        for (String content : layerContents) {
            Descriptor layer = layer(store, content);
            layers.add(layer);
            diffIds.add(layer.digest());
        }
        ImageConfig config = ImageConfig.of(platform, ContainerConfig.empty().withCmd(List.of("sh")), diffIds)
                .withCreated(created);
        return store.putImage(config, layers);
    }
}
