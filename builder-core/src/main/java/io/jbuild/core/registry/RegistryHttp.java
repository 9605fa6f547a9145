package io.jbuild.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.tools.jib.api.Credential;
import io.jbuild.core.image.OciJson;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.image.Digester;
import io.jbuild.core.image.Manifest;
import io.jbuild.core.image.MediaTypes;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;
import javax.net.ssl.SSLException;

/**
 * The registry requests jib's {@code RegistryClient} cannot make for us, on our {@link PlainHttp} for plain-HTTP
 * registries (loopback, {@code --insecure-registry}) and the JDK's HTTP client for HTTPS:
 *
 * <ul>
 *   <li>Manifest GETs returning the body as sent. jib's manifest pullers always parse the body into jib's own
 *       templates (chosen from {@code schemaVersion}/{@code mediaType}, whatever class is asked for), drop the
 *       bytes, and reject documents those templates do not know; the endpoint classes and the authorization jib
 *       obtains are package-private. The digest is over the exact bytes, so we need them.</li>
 *   <li>Blob downloads, bounded by their descriptor's size and {@link TransferLimits}: jib's puller reads until
 *       the server stops (a body that never ends filled the disk) and, when the copy fails, drains the rest of the
 *       body before closing (a full disk then hung the pull); its only clock is a per-read time-out, which a server
 *       sending a byte every few seconds never trips.</li>
 *   <li>The login check ({@code GET /v2/} with the credentials), which names no repository.</li>
 *   <li>A push's authentication, blob checks and manifests. Through jib's client a re-push of blobs the registry
 *       already had spent most of its time setting up jib's HTTP stack (its TLS contexts, an HTTPS attempt at a
 *       plain-HTTP registry) and opened a connection per request; this client keeps its connections and its one
 *       token for the whole push. Uploads and mounts stay jib's, set up only when a blob must go up.</li>
 * </ul>
 *
 * <p>Authorization answers the registry's challenge ({@link TokenAuthenticator}) with the credentials jib's
 * {@code CredentialRetrieverFactory} found. Plain HTTP only for insecure endpoints (loopback or
 * {@code --insecure-registry}), after HTTPS without verification failed, as docker and jib do.
 */
final class RegistryHttp {

    /** What a pull accepts, best first: OCI and Docker v2 schema 2 manifests and indexes. */
    static final List<String> MANIFEST_TYPES = List.of(MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST_LIST,
            MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST);


    private static final byte[] NO_BODY = new byte[0];

    private final RegistryEndpoint endpoint;
    private final Duration timeout;
    private final String userAgent;
    /** The JDK's client, for HTTPS only: made on first use (see {@link PlainHttp} for why not for plain HTTP). */
    private HttpClient client;
    private final PlainHttp plain;
    private final Credential credential;
    private final TokenAuthenticator auth;
    private volatile URI base;
    private volatile String authorization;
    /** The answer to the HTTPS probe of an insecure endpoint, until {@link #authenticate} uses it as its ping. */
    private volatile RegistryResponse probeAnswer;

    /** @param credential null for anonymous access */
    RegistryHttp(RegistryEndpoint endpoint, Credential credential, Duration timeout, String userAgent) {
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.userAgent = userAgent;
        this.plain = new PlainHttp(timeout);
        this.credential = credential;
        this.auth = new TokenAuthenticator(this, credential);
        this.base = endpoint.insecure() ? null : URI.create("https://" + endpoint.host());
    }

    String registry() {
        return endpoint.registry();
    }

    boolean insecure() {
        return endpoint.insecure();
    }

    /**
     * {@code GET /v2/<repository>/manifests/<reference>}: the document as sent, checked against the digest asked
     * for (or the {@code Docker-Content-Digest} the registry announced).
     *
     * @throws RegistryException naming {@code what} when the registry has no such manifest
     */
    RawManifest manifest(String repository, String reference, String what) throws IOException {
        String path = "/v2/" + repository + "/manifests/" + reference;
        String scope = "repository:" + repository + ":pull";
        RegistryResponse response = sendAuthorized("GET", path, String.join(", ", MANIFEST_TYPES), scope,
                what);
        byte[] body = readBody(response, Manifest.MAX_SIZE + 1);
        int status = response.statusCode();
        if (status != 200) {
            throw failure(status, body, what, "manifest unknown");
        }
        if (body.length > Manifest.MAX_SIZE) {
            throw new RegistryException(what + ": manifest larger than " + Manifest.MAX_SIZE + " bytes");
        }
        String contentType = response.headers().firstValue("Content-Type")
                .map(t -> t.split(";", 2)[0].strip().toLowerCase(Locale.ROOT)).orElse(null);
        Digest expected = expectedDigest(reference, response.headers().firstValue("Docker-Content-Digest"));
        if (expected != null) {
            Digester.check(body, expected);
        }
        return RawManifest.of(body, contentType);
    }

    /**
     * {@code GET /v2/<repository>/blobs/<digest>} into {@code out} (not closed), within {@code limits}: the body
     * may not be longer than {@code size} (a longer {@code Content-Length} is refused before a byte is read), nor
     * slower than the minimum rate. The digest is the caller's to check (the store does, as it writes).
     *
     * @param what names the blob in errors ({@code host/repo:1: download sha256:…})
     * @throws TransferLimitException when the registry sends, or announces, more than {@code size} bytes, or
     *                                sends too slowly
     */
    void blob(String repository, Digest digest, long size, OutputStream out, TransferLimits limits, String what,
              LongConsumer progress) throws IOException {
        String path = "/v2/" + repository + "/blobs/" + digest;
        String scope = "repository:" + repository + ":pull";
        RegistryResponse response = sendAuthorized("GET", path, "*/*", scope, what);
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status != 200) {
                throw failure(status, readBody(response, 64 * 1024), what, "blob unknown");
            }
            OptionalLong announced = response.headers().firstValueAsLong("Content-Length");
            if (announced.isPresent() && announced.getAsLong() > size) {
                throw new TransferLimitException(what + ": the registry announced " + announced.getAsLong()
                        + " bytes, more than the " + size + " bytes the descriptor says");
            }
            BoundedCopy.copy(body, out, size, limits, timeout, what, progress);
        }
    }

    /**
     * Answers the registry's challenge once, before a push's requests go out in parallel (else each would fetch its
     * own token): {@code GET /v2/}, and a token or Basic credentials for {@code scope} if it wants them.
     *
     * @param scope the access wanted, e.g. {@code repository:app:pull,push}; scopes separated by spaces
     * @throws RegistryAuthException naming {@code what} when the registry wants credentials there are none of
     */
    void authenticate(String scope, String what) throws IOException {
        base();
        RegistryResponse ping = probeAnswer;
        probeAnswer = null;
        if (ping == null) {
            ping = send(request("/v2/").GET().build());
            PlainHttp.discard(ping.body());
        }
        if (ping.statusCode() == 200) {
            return;
        }
        if (ping.statusCode() != 401) {
            throw notARegistry(ping.statusCode());
        }
        AuthChallenge challenge = AuthChallenge.choose(ping.headers().allValues("WWW-Authenticate"))
                .orElseThrow(() -> new RegistryException(what
                        + ": the registry answered 401 without an authentication challenge"));
        if (challenge.scheme().equals("basic") && (credential == null || credential.isOAuth2RefreshToken())) {
            throw new RegistryAuthException(what + ": unauthorized: authentication required (run jbuild login "
                    + endpoint.registry() + ")");
        }
        authorization = auth.authorize(challenge, scope, false, what);
    }

    /** {@code HEAD /v2/<repository>/blobs/<digest>}: whether the repository has the blob. */
    boolean hasBlob(String repository, Digest digest, String scope, String what) throws IOException {
        RegistryResponse response = sendAuthorized(base().resolve("/v2/" + repository + "/blobs/" + digest),
                "HEAD", NO_BODY, null, "*/*", timeout, scope, what);
        PlainHttp.discard(response.body());
        return switch (response.statusCode()) {
            case 200 -> true;
            case 404 -> false;
            default -> throw failure(response.statusCode(), new byte[0], what, "blob unknown");
        };
    }

    /**
     * {@code HEAD /v2/<repository>/manifests/<tag>}: the digest of what the registry has under the tag, as its
     * {@code Docker-Content-Digest} says; empty for a tag it does not have, or an answer without a digest.
     */
    Optional<Digest> manifestDigest(String repository, String tag, String scope, String what) throws IOException {
        RegistryResponse response = sendAuthorized(base().resolve("/v2/" + repository + "/manifests/" + tag),
                "HEAD", NO_BODY, null, String.join(", ", MANIFEST_TYPES), timeout, scope,
                what);
        PlainHttp.discard(response.body());
        if (response.statusCode() != 200) {
            return Optional.empty(); // unknown, or a registry that answers no HEAD: the push finds out by itself
        }
        try {
            return response.headers().firstValue("Docker-Content-Digest").map(Digest::parse);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A request whose connection was lost before any answer is sent again, up to this many times in all. */
    private static final int CONNECTION_RESENDS = 3;

    /**
     * {@code request}, sent again when its connection was lost before an answer (a reset, a close): for requests
     * that may safely go twice (starting an upload, a mount: a second one at worst leaves an upload to expire), so
     * that one of a push's small steps does not cost the whole blob's retry with its HEAD and its other requests.
     */
    private static RegistryResponse resent(Request request) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return request.send();
            } catch (EOFException | SocketException e) {
                if (attempt == CONNECTION_RESENDS) {
                    throw e;
                }
            }
        }
    }

    /** One HTTP exchange, for {@link #resent}. */
    @FunctionalInterface
    private interface Request {
        RegistryResponse send() throws IOException;
    }

    /**
     * {@code POST /v2/<repository>/blobs/uploads/?mount=<digest>&from=<from>}: true when the registry linked the
     * blob from that repository (201); false when it did not (202: it opened an upload instead, left to expire).
     */
    boolean mountBlob(String repository, Digest digest, String from, String scope, String what) throws IOException {
        URI mount = base().resolve("/v2/" + repository + "/blobs/uploads/?mount=" + digest + "&from=" + from);
        RegistryResponse response = resent(() -> sendAuthorized(mount, "POST",
                NO_BODY, null, "*/*", timeout, scope, what));
        byte[] body = readBody(response, 64 * 1024);
        return switch (response.statusCode()) {
            case 201 -> true;
            case 202 -> false;
            default -> throw failure(response.statusCode(), body, what, "blob upload unknown");
        };
    }

    /**
     * A small blob (a config) uploaded whole: {@code POST /v2/<repository>/blobs/uploads/}, then {@code PUT} of the
     * bytes to the location it gives, with {@code ?digest=}; the registry checks the digest.
     */
    void uploadSmall(String repository, Digest digest, byte[] bytes, String scope, String what) throws IOException {
        URI uploads = base().resolve("/v2/" + repository + "/blobs/uploads/");
        RegistryResponse start = resent(() -> sendAuthorized(uploads, "POST",
                NO_BODY, null, "*/*", timeout, scope, what));
        byte[] body = readBody(start, 64 * 1024);
        if (start.statusCode() != 202) {
            throw failure(start.statusCode(), body, what, "blob upload unknown");
        }
        String location = start.headers().firstValue("Location").orElseThrow(() -> new RegistryException(what
                + ": the registry started an upload without a Location"));
        URI at = base().resolve(location);
        URI put = URI.create(at + (at.getRawQuery() == null ? "?" : "&") + "digest=" + digest);
        RegistryResponse done;
        for (int attempt = 1; ; attempt++) {
            try {
                done = sendAuthorized(put, "PUT", bytes,
                        "application/octet-stream", "*/*", timeout, scope, what);
                break;
            } catch (EOFException | SocketException e) {
                // Lost before an answer: the registry may have taken the blob (then the upload is over) or not
                // (then the same upload still waits for it).
                if (hasBlob(repository, digest, scope, what)) {
                    return;
                }
                if (attempt == CONNECTION_RESENDS) {
                    throw e;
                }
            }
        }
        body = readBody(done, 64 * 1024);
        if (done.statusCode() != 201) {
            throw failure(done.statusCode(), body, what, "blob upload unknown");
        }
    }

    /**
     * {@code PUT /v2/<repository>/manifests/<tagOrDigest>} of the manifest's bytes as they are.
     *
     * @return the digest the registry says it stored them under, if it says
     */
    Optional<Digest> pushManifest(String repository, RawManifest manifest, String tagOrDigest, String scope,
                                  String what) throws IOException {
        RegistryResponse response = sendAuthorized(base().resolve("/v2/" + repository + "/manifests/"
                        + tagOrDigest), "PUT", manifest.bytes(),
                manifest.effectiveMediaType(), "*/*", timeout, scope, what);
        byte[] body = readBody(response, 64 * 1024);
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw failure(response.statusCode(), body, what, "manifest unknown");
        }
        try {
            return response.headers().firstValue("Docker-Content-Digest").map(Digest::parse);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The login check: {@code GET /v2/} answered with the credentials. A registry that asks for none accepts
     * any, as with docker.
     *
     * @throws RegistryAuthException when the registry refuses the credentials
     */
    void checkLogin() throws IOException {
        RegistryResponse first = send(request("/v2/").GET().build());
        PlainHttp.discard(first.body());
        if (first.statusCode() == 200) {
            return;
        }
        if (first.statusCode() != 401) {
            throw notARegistry(first.statusCode());
        }
        AuthChallenge challenge = AuthChallenge.choose(first.headers().allValues("WWW-Authenticate"))
                .orElseThrow(() -> new RegistryException(endpoint.registry()
                        + ": the registry answered 401 without an authentication challenge"));
        authorization = auth.authorize(challenge, null, true, endpoint.registry());
        RegistryResponse second = send(request("/v2/").header("Authorization", authorization).GET().build());
        PlainHttp.discard(second.body());
        if (second.statusCode() == 401 || second.statusCode() == 403) {
            throw new RegistryAuthException(endpoint.registry() + ": unauthorized: incorrect username or password");
        }
        if (second.statusCode() != 200) {
            throw notARegistry(second.statusCode());
        }
    }

    /**
     * Up to {@code max} bytes of a response's body, read within the time-out and closed. The client's own
     * time-out ends when the headers arrive: without a deadline of our own, a server sending its body a byte at a
     * time would hold a pull for as long as it liked. Closing the stream wakes the blocked read.
     *
     * @throws HttpTimeoutException when the body did not arrive in time
     */
    byte[] readBody(RegistryResponse response, int max) throws IOException {
        InputStream in = response.body();
        AtomicBoolean finished = new AtomicBoolean();
        AtomicBoolean expired = new AtomicBoolean();
        CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (!finished.get()) {
                expired.set(true);
                try {
                    in.close();
                } catch (IOException ignored) {
                    // closing is all we wanted; the reader sees the failure
                }
            }
        });
        try (in) {
            byte[] body = in.readNBytes(max);
            if (expired.get()) {
                throw timedOut(response);
            }
            return body;
        } catch (IOException e) {
            if (expired.get()) {
                throw timedOut(response);
            }
            throw e;
        } finally {
            finished.set(true);
        }
    }

    private HttpTimeoutException timedOut(RegistryResponse response) {
        return new HttpTimeoutException("timed out after " + timeout.toMillis() + " ms reading the answer of "
                + response.method() + " " + response.uri());
    }

    /** A request to {@code path} of the registry, with our User-Agent and time-out. */
    RegistryRequest.Builder request(String path) throws IOException {
        return request(base().resolve(path));
    }

    RegistryRequest.Builder request(URI uri) {
        return RegistryRequest.newBuilder(uri).timeout(timeout).header("User-Agent", userAgent);
    }

    /**
     * Sends, following up to 5 redirects of a GET or HEAD. Credentials only follow to the same host, and never from
     * HTTPS to plain HTTP: a redirect must not hand them to someone else.
     */
    RegistryResponse send(RegistryRequest request) throws IOException {
        RegistryRequest current = request;
        for (int redirects = 0; ; redirects++) {
            RegistryResponse response = exchange(current);
            int status = response.statusCode();
            Optional<String> location = response.headers().firstValue("Location");
            if (status < 300 || status > 399 || status == 304 || location.isEmpty()
                    || !(current.method().equals("GET") || current.method().equals("HEAD")) || redirects >= 5) {
                return response;
            }
            PlainHttp.discard(response.body());
            URI target = current.uri().resolve(location.get());
            if ("http".equalsIgnoreCase(target.getScheme()) && "https".equalsIgnoreCase(current.uri().getScheme())) {
                throw new RegistryException(endpoint.registry() + ": refusing a redirect from HTTPS to " + target);
            }
            boolean sameHost = target.getHost() != null && target.getHost().equalsIgnoreCase(current.uri().getHost())
                    && target.getPort() == current.uri().getPort();
            RegistryRequest.Builder next = RegistryRequest.newBuilder(target).timeout(timeout)
                    .method(current.method(), NO_BODY);
            for (RegistryRequest.Header h : current.headers()) {
                if (sameHost || !h.name().equalsIgnoreCase("Authorization")) {
                    next.header(h.name(), h.value());
                }
            }
            current = next.build();
        }
    }

    /** The JDK's client, made on the first HTTPS request. */
    private synchronized HttpClient client() {
        if (client == null) {
            HttpClient.Builder b = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(timeout)
                    .followRedirects(HttpClient.Redirect.NEVER); // followed by hand: see send()
            if (endpoint.insecure()) {
                b.sslContext(InsecureTls.context());
            }
            client = b.build();
        }
        return client;
    }

    /** Closes the plain-HTTP connections kept for reuse (the JDK's client closes its own when it is collected). */
    void closeIdle() {
        plain.close();
    }

    private RegistryResponse exchange(RegistryRequest request) throws IOException {
        if ("http".equalsIgnoreCase(request.uri().getScheme())) {
            return plain.send(request);
        }
        try {
            return RegistryResponse.of(request,
                    client().send(request.toJdk(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted: " + request.method() + " " + request.uri());
        }
    }

    /** Sends with the current authorization; answers one 401 challenge and sends again. */
    private RegistryResponse sendAuthorized(String method, String path, String accept, String scope,
                                                     String what) throws IOException {
        return sendAuthorized(base().resolve(path), method, NO_BODY, null, accept, timeout,
                scope, what);
    }

    private RegistryResponse sendAuthorized(URI uri, String method, byte[] body,
                                                     String contentType, String accept, Duration deadline,
                                                     String scope, String what) throws IOException {
        RegistryResponse response = send(authorized(uri, method, body, contentType, accept, deadline));
        if (response.statusCode() != 401) {
            return response;
        }
        Optional<AuthChallenge> challenge = AuthChallenge.choose(response.headers().allValues("WWW-Authenticate"));
        if (challenge.isEmpty()) {
            return response; // nothing to answer: the caller reports the 401
        }
        PlainHttp.discard(response.body());
        authorization = auth.authorize(challenge.get(), scope, false, what);
        return send(authorized(uri, method, body, contentType, accept, deadline));
    }

    private RegistryRequest authorized(URI uri, String method, byte[] body, String contentType,
                                   String accept, Duration deadline) {
        RegistryRequest.Builder b = request(uri).timeout(deadline).header("Accept", accept).method(method, body);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        String a = authorization;
        if (a != null) {
            b.header("Authorization", a);
        }
        return b.build();
    }

    /**
     * The base URI; for an insecure endpoint decided on first use: HTTPS (unverified) if the server speaks TLS,
     * else plain HTTP. A loopback registry is asked in plain HTTP first: a TLS handshake costs more CPU than the
     * rest of a re-push, and a request to it never leaves the machine; a TLS server answers it with 400 (Go's
     * "client sent an HTTP request to an HTTPS server") or drops it, and HTTPS is tried then.
     */
    private URI base() throws IOException {
        URI b = base;
        if (b != null) {
            return b;
        }
        URI http = URI.create("http://" + endpoint.host());
        if (endpoint.loopback()) {
            try {
                RegistryResponse probe = send(request(http.resolve("/v2/")).GET().build());
                PlainHttp.discard(probe.body());
                if (probe.statusCode() != 400 || probe.headers().firstValue("Docker-Distribution-Api-Version")
                        .isPresent()) {
                    probeAnswer = probe;
                    base = http;
                    return http;
                }
            } catch (IOException e) {
                // not plain HTTP (a TLS server closing on it): HTTPS below decides
            }
        }
        URI https = URI.create("https://" + endpoint.host());
        try {
            RegistryResponse probe = send(request(https.resolve("/v2/")).GET().build());
            PlainHttp.discard(probe.body());
            probeAnswer = probe;
            b = https;
        } catch (IOException e) {
            if (!causedBy(e, SSLException.class)) {
                throw e;
            }
            b = http;
        }
        base = b;
        return b;
    }

    /** The error for an unexpected status: 401/403 are about credentials, 404 names what was missing. */
    private IOException failure(int status, byte[] body, String what, String unknown) {
        String detail = registryErrors(body);
        return switch (status) {
            case 401 -> new RegistryAuthException(what + ": unauthorized: authentication required"
                    + (detail.isEmpty() ? "" : " (" + detail + ")"));
            case 403 -> new RegistryAuthException(what + ": denied: access forbidden"
                    + (detail.isEmpty() ? "" : " (" + detail + ")"));
            case 404 -> new RegistryException(what + ": " + (detail.isEmpty() ? unknown : detail));
            default -> {
                String message = "registry answered HTTP " + status + (detail.isEmpty() ? "" : ": " + detail);
                yield Transience.retryableStatus(status) ? new HttpStatusException(status, message)
                        : new RegistryException(what + ": " + message);
            }
        };
    }

    private IOException notARegistry(int status) {
        String message = "GET /v2/ answered HTTP " + status;
        return Transience.retryableStatus(status) ? new HttpStatusException(status, message)
                : new RegistryException(endpoint.registry() + ": " + message + " (is this a registry?)");
    }

    /** The messages of a distribution error body ({@code {"errors":[{"code","message"}]}}), joined. */
    static String registryErrors(byte[] body) {
        if (body.length == 0) {
            return "";
        }
        try {
            JsonNode errors = OciJson.readTree(body).path("errors");
            List<String> messages = new ArrayList<>();
            for (JsonNode e : errors) {
                String m = e.path("message").asText("");
                messages.add(m.isEmpty() ? e.path("code").asText("").toLowerCase(Locale.ROOT).replace('_', ' ') : m);
            }
            return String.join("; ", messages);
        } catch (IOException e) {
            return "";
        }
    }

    private static Digest expectedDigest(String reference, Optional<String> header) {
        if (reference.contains(":")) {
            return Digest.parse(reference);
        }
        try {
            return header.map(Digest::parse).orElse(null);
        } catch (IllegalArgumentException e) {
            return null; // a header we cannot check proves nothing; the sha256 of the body names it
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
