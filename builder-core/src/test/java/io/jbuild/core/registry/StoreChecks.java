package io.jbuild.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.ImageSummary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** What "the store stays consistent" means in these tests. */
final class StoreChecks {

    private StoreChecks() {
    }

    /**
     * Every blob file holds the content its name says, every tag resolves down to its config with every blob
     * present, and the store opens afresh.
     */
    static void assertConsistent(Path root) throws IOException {
        ImageStore store = ImageStore.open(root);
        for (Digest d : store.blobs().list()) {
            try (InputStream in = store.blobs().open(d)) {
                assertThat(Digest.of(in)).as("content of blob %s", d).isEqualTo(d);
            }
        }
        for (ImageSummary s : store.list()) {
            var image = store.resolve(s.refName());
            assertThat(store.blobs().has(image.imageId())).isTrue();
            image.manifest().layers().forEach(l -> assertThat(store.blobs().has(l.digest())).as("layer %s", l.digest()).isTrue());
        }
    }
}
