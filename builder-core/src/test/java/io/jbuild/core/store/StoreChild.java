package io.jbuild.core.store;

import io.jbuild.core.image.Descriptor;
import io.jbuild.grammar.reference.ImageReference;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A separate JVM working on a store, started by the concurrency and crash tests.
 *
 * <ul>
 *   <li>{@code tag ROOT NAME COUNT}: makes COUNT images and tags them {@code localhost/NAME:i}.</li>
 *   <li>{@code churn ROOT}: tags, untags and streams big blobs until killed; prints "ready" once busy.</li>
 *   <li>{@code write ROOT}: writes "partial" into a blob writer, prints "writing" and waits for a line: "commit"
 *       commits the blob and prints its digest; the end of input leaves it unfinished.</li>
 * </ul>
 */
public final class StoreChild {

    private StoreChild() {
    }

    public static void main(String[] args) throws Exception {
        ImageStore store = ImageStore.open(Path.of(args[1]));
        switch (args[0]) {
            case "tag" -> {
                int count = Integer.parseInt(args[3]);
                for (int i = 0; i < count; i++) {
                    Descriptor image = TestImages.image(store, Instant.EPOCH.plusSeconds(i), args[2] + "/" + i);
                    store.tag(ImageReference.parse("localhost/" + args[2] + ":" + i), image);
                }
                System.out.println("done");
            }
            case "churn" -> {
                for (long n = 0; ; n++) {
                    Descriptor image = TestImages.image(store, Instant.EPOCH.plusSeconds(n), "churn " + n);
                    store.tag(ImageReference.parse("localhost/churn:" + (n % 5)), image);
                    if (n % 3 == 0) {
                        store.untag(ImageReference.parse("localhost/churn:" + ((n + 1) % 5)));
                    }
                    // A big blob whose write is in progress most of the time.
                    try (BlobWriter w = store.blobs().writer(); InputStream in = InputStream.nullInputStream()) {
                        byte[] chunk = new byte[256 * 1024];
                        chunk[0] = (byte) n;
                        for (int i = 0; i < 8; i++) {
                            w.write(chunk);
                        }
                        if (n % 2 == 0) {
                            w.commit();
                        }
                    }
                    if (n == 3) {
                        System.out.println("ready");
                        System.out.flush();
                    }
                }
            }
            case "write" -> {
                try (BlobWriter w = store.blobs().writer()) {
                    w.write("partial".getBytes(StandardCharsets.UTF_8));
                    w.flush();
                    System.out.println("writing");
                    System.out.flush();
                    String line = new BufferedReader(new InputStreamReader(System.in,
                            StandardCharsets.UTF_8)).readLine();
                    if ("commit".equals(line)) {
                        System.out.println(w.commit().digest());
                    }
                }
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
