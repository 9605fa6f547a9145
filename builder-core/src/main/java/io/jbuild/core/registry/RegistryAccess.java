package io.jbuild.core.registry;

import java.io.IOException;

/**
 * How to reach each registry a build pulls from: the options (credentials through their environment, insecure
 * hosts) for one registry host. Front ends with credentials of their own (the Maven plugin's settings.xml servers)
 * supply them per registry; everyone else uses the defaults: docker's config and credential helpers.
 */
@FunctionalInterface
public interface RegistryAccess {

    /** The options for {@code registry} ({@code host[:port]}, as in a reference). */
    RegistryOptions options(String registry) throws IOException;

    /** {@link RegistryOptions#defaults()} for every registry. */
    RegistryAccess DEFAULT = registry -> RegistryOptions.defaults();
}
