package io.jbuild.core.registry;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.CredentialRetriever;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException;
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
}
