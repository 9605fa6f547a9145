package io.jbuild.core.registry;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.CredentialRetriever;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Finds the credentials for a registry through jib's {@link CredentialRetrieverFactory}, in docker's order: the
 * docker config file ({@code $DOCKER_CONFIG/config.json} or {@code ~/.docker/config.json}: {@code credHelpers},
 * then {@code credsStore}, then {@code auths}), then the well-known helpers (gcr, ecr).
 */
final class Credentials {

    private Credentials() {
    }

    /**
     * @param repository the repository about to be accessed (jib names it in its log); any valid one for a login
     * @return empty for anonymous access
     * @throws RegistryAuthException if a configured credential helper fails
     */
    static Optional<Credential> find(RegistryEndpoint endpoint, String repository, RegistryOptions options)
            throws RegistryAuthException {
        if (nothingToFind(endpoint, options)) {
            return Optional.empty();
        }
        ImageReference image = ImageReference.of(endpoint.registry(), repository, null);
        Consumer<LogEvent> quiet = event -> {
            // jib reports where it looked; the user learns what matters from our own messages
        };
        CredentialRetrieverFactory factory = CredentialRetrieverFactory.forImage(image, quiet, options.environment());
        List<CredentialRetriever> retrievers = List.of(
                factory.dockerConfig(options.dockerConfigFile()),
                factory.wellKnownCredentialHelpers());
        for (CredentialRetriever r : retrievers) {
            try {
                Optional<Credential> found = r.retrieve();
                if (found.isPresent()) {
                    return found;
                }
            } catch (CredentialRetrievalException e) {
                throw new RegistryAuthException(endpoint.registry() + ": cannot read credentials: "
                        + Transience.describe(e), e);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether jib would find nothing without looking: no docker config file, and not a registry of its well-known
     * helpers (it runs them for names ending in these). Setting up jib's factory (guava, java.util.logging) was a
     * fifth of the CPU of a re-push to a loopback registry.
     */
    private static boolean nothingToFind(RegistryEndpoint endpoint, RegistryOptions options) {
        String registry = endpoint.registry();
        return !registry.endsWith("gcr.io") && !registry.endsWith("amazonaws.com")
                && Files.notExists(options.dockerConfigFile());
    }
}
