package io.jbuild.core.registry;

import com.google.cloud.tools.jib.http.ResponseException;
import io.jbuild.core.image.DigestMismatchException;
import io.jbuild.core.store.StoreWriteException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import javax.net.ssl.SSLException;

/** Tells failures a retry may fix (the network, an overloaded registry) from those it cannot. */
final class Transience {

    private Transience() {
    }

    /**
     * True for 5xx and 429 answers, connections reset, refused or closed early, time-outs and content damaged
     * in transit; false for definite answers (our {@link RegistryException}: 401, 404, ...), broken transfer
     * limits (too long, too slow), failures to write the store (a full disk), unknown hosts, TLS failures and
     * interruptions.
     */
    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RegistryException || t instanceof TransferLimitException
                    || t instanceof StoreWriteException) {
                return false; // definite: a retry gets the same answer, or meets the same full disk
            }
            if (t instanceof ResponseException r) {
                return retryableStatus(r.getStatusCode());
            }
            if (t instanceof HttpStatusException h) {
                return retryableStatus(h.status());
            }
            if (t instanceof UnknownHostException || t instanceof SSLException) {
                return false;
            }
            if (t instanceof DigestMismatchException) {
                return true;
            }
            if (t instanceof InterruptedIOException && !(t instanceof SocketTimeoutException)
                    && !(t instanceof HttpTimeoutException)) {
                return false;
            }
            if (t == t.getCause()) {
                break;
            }
        }
        return failure instanceof IOException;
    }

    static boolean retryableStatus(int status) {
        return status >= 500 || status == 429;
    }

    /** The failure in one line: its message, else its type. */
    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.strip().replaceAll("\\s*\\n\\s*", " ");
    }
}
