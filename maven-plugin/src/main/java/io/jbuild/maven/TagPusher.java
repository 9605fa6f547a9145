package io.jbuild.maven;

import io.jbuild.core.build.StepText;
import io.jbuild.core.image.Descriptor;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.core.registry.ImagePusher;
import io.jbuild.core.registry.PushResult;
import io.jbuild.core.registry.RegistryOptions;
import io.jbuild.core.registry.TransferListener;
import io.jbuild.core.store.ImageStore;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.logging.Log;

/** Pushes tags of the local store to their registries, each with its settings.xml login if it has one. */
final class TagPusher {

    private final ImageStore store;
    private final RegistryOptions options;
    private final SettingsCredentials credentials;
    private final Log log;

    TagPusher(ImageStore store, RegistryOptions options, SettingsCredentials credentials, Log log) {
        this.store = store;
        this.options = options;
        this.credentials = credentials;
        this.log = log;
    }

    /** @throws IOException as the core reports it: the tag is not in the store, the registry refused, ... */
    List<PushResult> push(List<String> tags) throws IOException, MojoExecutionException {
        return push(tags, Map.of());
    }

    /** As {@link #push(List)}, mounting blobs of a {@code cacheFrom} registry cache on the same registry. */
    List<PushResult> push(List<String> tags, Map<Digest, ImageReference> lenders)
            throws IOException, MojoExecutionException {
        List<PushResult> results = new ArrayList<>();
        for (String tag : tags) {
            ImageReference ref = ImageReference.parse(tag);
            log.info("pushing " + ref);
            try (RegistryLogin login = RegistryLogin.open(options, ref.registry(), credentials.find(ref.registry()))) {
                PushResult r = new ImagePusher(store, login.options()).push(ref, new LoggingListener(), lenders);
                log.info("pushed " + r.reference() + " " + r.digest() + " (" + r.uploaded() + " uploaded, "
                        + r.onRegistry() + " already there, " + r.mounted() + " mounted)");
                results.add(r);
            }
        }
        return results;
    }

    /** Retries and warnings are worth a line; per-blob progress is not, in a build log. */
    private final class LoggingListener implements TransferListener {
        @Override
        public void blobDone(Descriptor blob) {
            log.debug("uploaded " + blob.digest() + " (" + blob.size() + " bytes)");
        }

        @Override
        public void retrying(String what, int attempt, int maxAttempts, Duration delay, Exception cause) {
            log.warn(what + ": " + cause.getMessage() + "; attempt " + attempt + " of " + maxAttempts + " in "
                    + StepText.seconds(delay));
        }

        @Override
        public void warning(String message) {
            log.warn(message);
        }
    }
}
