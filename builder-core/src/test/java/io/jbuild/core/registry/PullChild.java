package io.jbuild.core.registry;

import io.jbuild.core.image.Descriptor;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.core.store.ImageStore;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A separate JVM pulling an image, for the kill -9 test: {@code PullChild STORE_ROOT HOME REFERENCE}. Prints
 * "downloading" once a layer of more than 1 MB is being received, and "done" at the end.
 */
public final class PullChild {

    private PullChild() {
    }

    public static void main(String[] args) throws Exception {
        ImageStore store = ImageStore.open(Path.of(args[0]));
        AtomicBoolean told = new AtomicBoolean();
        TransferListener listener = new TransferListener() {
            @Override
            public void blobProgress(Descriptor blob, long transferred) {
                if (blob.size() > 1_000_000 && transferred > 0 && told.compareAndSet(false, true)) {
                    System.out.println("downloading");
                    System.out.flush();
                }
            }
        };
        new ImagePuller(store, TestImages.options(Path.of(args[1]))).pull(ImageReference.parse(args[2]), listener);
        System.out.println("done");
    }
}
