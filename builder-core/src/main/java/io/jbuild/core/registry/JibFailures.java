package io.jbuild.core.registry;

import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.RegistryAuthenticationFailedException;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.http.ResponseException;
import com.google.cloud.tools.jib.registry.RegistryCredentialsNotSentException;
import java.io.IOException;

/**
 * Turns jib's exceptions into ours: definite answers (401, 403, 404, refused credentials) become a
 * {@link RegistryException} whose message names what was being done; network trouble stays a plain
 * {@link IOException} so that {@link RetryPolicy} retries it.
 */
final class JibFailures {

    private JibFailures() {
    }

    /**
     * @param subject  what the user asked for, e.g. {@code 127.0.0.1:5000/app:1}
     * @param step     what was being done, e.g. {@code upload sha256:…}; left out of messages about credentials
     * @param registry the registry, for hints
     */
    static IOException translate(String subject, String step, String registry, Throwable failure) {
        String what = subject + ": " + step;
        Throwable t = failure;
        // jib's Blob.writeTo wraps its RegistryException in a plain IOException.
        if (t instanceof IOException && !(t instanceof ResponseException)
                && t.getCause() instanceof com.google.cloud.tools.jib.api.RegistryException) {
            t = t.getCause();
        }
        if (t instanceof RegistryUnauthorizedException u) {
            boolean forbidden = u.getCause() instanceof ResponseException r && r.getStatusCode() == 403;
            return new RegistryAuthException(subject + ": " + (forbidden ? "denied: access forbidden"
                    : "unauthorized: authentication required (run jbuild login " + registry + ")"), u);
        }
        if (t instanceof RegistryCredentialsNotSentException e) {
            return new RegistryAuthException(subject + ": the registry wants credentials, and they are not sent over"
                    + " plain HTTP", e);
        }
        if (t instanceof RegistryAuthenticationFailedException e) {
            if (e.getCause() != null && Transience.isTransient(e.getCause())) {
                return new IOException(Transience.describe(e.getCause()), e.getCause());
            }
            return new RegistryAuthException(subject + ": authentication failed: " + reason(e), e);
        }
        if (t instanceof InsecureRegistryException e) {
            return new RegistryException(what + ": TLS failed (" + Transience.describe(e.getCause() == null ? e
                    : e.getCause()) + "); for a registry without a valid certificate pass --insecure-registry "
                    + registry, e);
        }
        if (t instanceof com.google.cloud.tools.jib.api.RegistryException e) {
            if (e.getCause() != null && Transience.isTransient(e.getCause())) {
                return new IOException(Transience.describe(e.getCause()), e.getCause());
            }
            return new RegistryException(what + ": " + reason(e), e);
        }
        if (t instanceof IOException io) {
            return io; // network trouble: RetryPolicy names what was being done when it gives up
        }
        return new IOException(what + ": " + Transience.describe(t), t);
    }

    /** jib's message without its "Tried to … but failed because:" preamble. */
    private static String reason(Throwable e) {
        String m = Transience.describe(e);
        int because = m.indexOf("failed because: ");
        return because >= 0 ? m.substring(because + "failed because: ".length()) : m;
    }
}
