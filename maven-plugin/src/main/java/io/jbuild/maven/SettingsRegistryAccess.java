package io.jbuild.maven;

import io.jbuild.core.registry.RegistryAccess;
import io.jbuild.core.registry.RegistryOptions;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;

/**
 * Registry access for the base images a build pulls: a registry with a settings.xml {@code <server>} login is
 * reached with it (as {@code jbuild:push} does, {@link RegistryLogin}), any other with docker's config and
 * credential helpers. The logins' temporary config files live until {@link #close()}, after the build.
 */
final class SettingsRegistryAccess implements RegistryAccess, AutoCloseable {

    private final RegistryOptions base;
    private final SettingsCredentials credentials;
    private final Map<String, RegistryLogin> opened = new HashMap<>();

    SettingsRegistryAccess(RegistryOptions base, SettingsCredentials credentials) {
        this.base = base;
        this.credentials = credentials;
    }

    @Override
    public synchronized RegistryOptions options(String registry) throws IOException {
        RegistryLogin login = opened.get(registry);
        if (login == null) {
            try {
                login = RegistryLogin.open(base, registry, credentials.find(registry));
            } catch (MojoExecutionException e) {
                throw new IOException(e.getMessage(), e);
            }
            opened.put(registry, login);
        }
        return login.options();
    }

    @Override
    public synchronized void close() throws IOException {
        IOException first = null;
        for (RegistryLogin login : opened.values()) {
            try {
                login.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        opened.clear();
        if (first != null) {
            throw first;
        }
    }
}
