package io.jbuild.core.registry;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.blob.Blobs;
import com.google.cloud.tools.jib.event.EventHandlers;
import com.google.cloud.tools.jib.http.FailoverHttpClient;
import com.google.cloud.tools.jib.registry.RegistryClient;
import io.jbuild.core.image.Descriptor;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.grammar.reference.ImageReference;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * One repository of one registry, for one pull or push. {@link RegistryHttp} (one pool of connections, one token)
 * authenticates, downloads a pull's manifests and blobs and makes a push's checks and manifest puts; jib's
 * {@link RegistryClient} uploads and mounts a push's blobs, made only when the first blob must go up (a push
 * of blobs the registry has never sets it up). Each method is one try; callers retry with {@link RetryPolicy}.
 * Thread-safe: blobs are transferred from several threads.
 */
final class RegistrySession implements AutoCloseable {

    /** Blobs up to this size (configs) go up in one request of our own client; larger ones stream through jib's. */
    private static final long SMALL_BLOB = 1 << 20;

    private final RegistryEndpoint endpoint;
    private final String repository;
    private final String mountSource;
    private final String subject;
    private final boolean push;
    private final Credential credential;
    private final TransferListener listener;
    private final RegistryOptions options;
    private final RegistryHttp http;
    private final TransferLimits transfers;
    /** jib's client: a pull's from the start, a push's from its first upload (guarded by this). */
    private FailoverHttpClient transport;
    private RegistryClient client;
    private boolean uploading;

    private RegistrySession(String subject, RegistryEndpoint endpoint, String repository, String mountSource,
                            boolean push, Credential credential, RegistryOptions options, TransferListener listener) {
        this.subject = subject;
        this.endpoint = endpoint;
        this.repository = repository;
        this.push = push;
        this.credential = credential;
        this.mountSource = mountSource;
        this.listener = listener;
        this.options = options;
        this.http = new RegistryHttp(endpoint, credential, options.timeout(), options.userAgent());
        this.transfers = options.transfers();
    }

    /** jib's client, made on first use. */
    private synchronized RegistryClient jib() {
        if (client == null) {
            // jib's log is not for users: it logs every I/O error it passes up (we report those ourselves).
            EventHandlers events = EventHandlers.NONE;
            // Plain HTTP (and credentials over it) only for insecure endpoints: loopback or --insecure-registry.
            transport = new FailoverHttpClient(endpoint.insecure(), endpoint.insecure(), events::dispatch);
            RegistryClient.Factory factory = mountSource == null
                    ? RegistryClient.factory(events, endpoint.host(), repository, transport)
                    : RegistryClient.factory(events, endpoint.host(), repository, mountSource, transport);
            client = factory.setCredential(credential).setUserAgent(options.userAgent()).newRegistryClient();
        }
        return client;
    }

    /** Authenticates jib's client, for pull or push. */
    private void authenticateJib() throws IOException {
        try {
            boolean bearer = push ? jib().doPushBearerAuth() : jib().doPullBearerAuth();
            if (!bearer && credential != null && !credential.isOAuth2RefreshToken()) {
                jib().configureBasicAuth();
            }
        } catch (com.google.cloud.tools.jib.api.RegistryException | IOException e) {
            throw JibFailures.translate(subject, "authenticate", endpoint.registry(), e);
        }
    }

    /**
     * Opens a session for {@code reference}'s repository with the credentials docker's configuration has for its
     * registry, authenticated (retried as {@code options} say) for a pull or a push.
     *
     * @param mountSource for a push: a repository of the same registry blobs may be mounted from, or null
     */
    static RegistrySession open(ImageReference reference, String mountSource, boolean push, RegistryOptions options,
                                TransferListener listener) throws IOException {
        RegistryEndpoint endpoint = options.endpoint(reference.registry());
        resolvable(reference.toString(), endpoint.host());
        Credential credential = Credentials.find(endpoint, reference.repository(), options).orElse(null);
        RegistrySession session = new RegistrySession(reference.toString(), endpoint, reference.repository(),
                mountSource, push, credential, options, listener);
        try {
            options.retry().run(reference + ": authenticate", () -> {
                session.authenticate();
                return null;
            }, listener);
            return session;
        } catch (IOException | RuntimeException e) {
            try {
                session.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /**
     * An unknown host is a definite answer: fail at once, as docker does, instead of letting the HTTP client's
     * own retries spend a minute on it.
     */
    private static void resolvable(String subject, String hostAndPort) throws RegistryException {
        String host = hostAndPort;
        if (host.startsWith("[")) {
            return; // an IPv6 literal needs no lookup
        }
        int colon = host.lastIndexOf(':');
        if (colon > 0) {
            host = host.substring(0, colon);
        }
        try {
            InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new RegistryException(subject + ": cannot resolve registry host " + host + " (no such host)", e);
        }
    }

    /**
     * Asks the registry how to authenticate and does so: a Bearer token for pull (or pull and push), Basic with
     * the credentials, or nothing for an open registry.
     */
    private void authenticate() throws IOException {
        // Through our client for both: a pull never uses jib's, whose own probe and token were a second round trip
        // (and a TLS handshake) before the first manifest; a push authenticates jib only when it uploads.
        http.authenticate(push ? pushScope() : "repository:" + repository + ":pull", subject);
    }

    /** The manifest or index under {@code reference} (a tag or digest), as sent. */
    RawManifest manifest(String reference) throws IOException {
        return http.manifest(repository, reference, subject);
    }

    /** Whether the repository has the blob: one {@code HEAD}. */
    boolean hasBlob(Digest digest) throws IOException {
        return http.hasBlob(repository, digest, pushScope(), subject + ": check blob " + digest);
    }

    /** The digest of the manifest the repository has under {@code tag}, if it has one and says: one {@code HEAD}. */
    Optional<Digest> manifestDigest(String tag) throws IOException {
        return http.manifestDigest(repository, tag, pushScope(), subject + ": check manifest " + tag);
    }

    /**
     * Downloads a blob into {@code out} (not closed), reporting bytes done so far; bounded by the descriptor's size
     * and the options' {@link TransferLimits}. The caller's store checks the digest as it writes.
     */
    void pullBlob(Descriptor blob, OutputStream out, LongConsumer progress) throws IOException {
        http.blob(repository, blob.digest(), blob.size(), out, transfers, subject + ": download " + blob.digest(),
                progress);
    }

    /**
     * Uploads a blob from {@code file}, streaming; with {@code from}, asks the registry to mount it from that
     * repository first.
     *
     * @return true if the registry did not need the bytes (mounted, or already there)
     */
    boolean pushBlob(Digest digest, Path file, String from, LongConsumer progress) throws IOException {
        // A mount and a small blob (the config) through our own client: a push whose layers are all mounted (an
        // image built from a registry cache) then never starts jib's, whose set-up was most of its CPU.
        if (from != null && http.mountBlob(repository, digest, from, pushScope(), subject + ": mount " + digest)) {
            return true;
        }
        long size = Files.size(file);
        if (size <= SMALL_BLOB) {
            http.uploadSmall(repository, digest, Files.readAllBytes(file), pushScope(), subject + ": upload " + digest);
            progress.accept(size);
            return false;
        }
        synchronized (this) {
            if (!uploading) {
                authenticateJib();
                uploading = true;
            }
        }
        AtomicLong done = new AtomicLong();
        try {
            return jib().pushBlob(jib(digest), Blobs.from(file), null, // a mount was asked above
                    delta -> progress.accept(done.addAndGet(delta)));
        } catch (com.google.cloud.tools.jib.api.RegistryException | IOException e) {
            throw JibFailures.translate(subject, "upload " + digest, endpoint.registry(), e);
        }
    }

    /** Puts the manifest under {@code tagOrDigest}, byte for byte. */
    void pushManifest(RawManifest manifest, String tagOrDigest) throws IOException {
        http.pushManifest(repository, manifest, tagOrDigest, pushScope(), subject + ": push manifest " + tagOrDigest)
                .filter(d -> !d.equals(manifest.digest()))
                .ifPresent(d -> listener.warning(subject + ": the registry digests the manifest pushed as "
                        + tagOrDigest + " as " + d + ", not as " + manifest.digest()));
    }

    /** Push access to this repository, and pull access to the one blobs are mounted from. */
    private String pushScope() {
        return "repository:" + repository + ":pull,push"
                + (mountSource == null ? "" : " repository:" + mountSource + ":pull");
    }

    @Override
    public synchronized void close() throws IOException {
        http.closeIdle();
        if (transport != null) {
            transport.shutDown();
        }
    }

    private static DescriptorDigest jib(Digest digest) {
        try {
            return DescriptorDigest.fromDigest(digest.toString());
        } catch (DigestException e) {
            throw new IllegalArgumentException("jib does not accept digest " + digest, e);
        }
    }
}
