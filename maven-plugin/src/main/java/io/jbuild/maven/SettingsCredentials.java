package io.jbuild.maven;

import io.jbuild.core.registry.RegistryEndpoint;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * Registry logins from settings.xml: the {@code <server>} whose {@code <id>} is the registry host
 * ({@code ghcr.io}, {@code localhost:5000}), as jib's and fabric8's plugins read them. Passwords are decrypted with
 * Maven's settings decryption ({@code mvn --encrypt-password}), and only for the servers a push needs, so an
 * unrelated server that cannot be decrypted does not stop the build.
 */
final class SettingsCredentials {

    /** A user name and password for one registry. */
    record Login(String username, String password) {
        @Override
        public String toString() {
            return "Login[" + username + "]"; // never the password, should this reach a log
        }
    }


    private final List<Server> servers;
    private final SettingsDecrypter decrypter;
    private final Log log;

    SettingsCredentials(List<Server> servers, SettingsDecrypter decrypter, Log log) {
        this.servers = List.copyOf(servers);
        this.decrypter = decrypter;
        this.log = log;
    }

    /** The login settings.xml has for {@code registry} (the registry part of a reference), if any. */
    Optional<Login> find(String registry) throws MojoExecutionException {
        String wanted = canonical(registry);
        for (Server server : servers) {
            if (server.getId() == null || !canonical(server.getId()).equals(wanted)) {
                continue;
            }
            Server plain = decrypt(server);
            if (plain.getUsername() == null || plain.getUsername().isEmpty()) {
                log.warn("settings.xml server \"" + server.getId() + "\" has no <username>; not used for " + registry);
                return Optional.empty();
            }
            return Optional.of(new Login(plain.getUsername(), plain.getPassword() == null ? "" : plain.getPassword()));
        }
        return Optional.empty();
    }

    private Server decrypt(Server server) throws MojoExecutionException {
        SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
        for (SettingsProblem p : result.getProblems()) {
            if (p.getSeverity() == SettingsProblem.Severity.WARNING) {
                log.warn("settings.xml server \"" + server.getId() + "\": " + p.getMessage());
            } else {
                throw new MojoExecutionException("cannot decrypt the password of settings.xml server \""
                        + server.getId() + "\": " + p.getMessage(), p.getException());
            }
        }
        return result.getServer();
    }

    /**
     * A server id or registry as one registry name: without a scheme or path (docker's config keys look like
     * {@code https://index.docker.io/v1/}), lower case, Docker Hub's aliases as {@code docker.io}; core's reading of
     * a registry argument ({@link RegistryEndpoint#normalizeRegistry}). An id that is no registry name at all (a
     * plain server id such as {@code nexus_repo}) stays as it is, lower-cased: it can match no registry.
     */
    static String canonical(String idOrRegistry) {
        try {
            return RegistryEndpoint.normalizeRegistry(idOrRegistry).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException notARegistry) {
            return idOrRegistry.strip().toLowerCase(Locale.ROOT);
        }
    }
}
