package io.jbuild.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.http.Authorization;
import io.jbuild.core.image.OciJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers a registry's {@code WWW-Authenticate} challenge as docker does (the distribution token protocol): Basic
 * with the user's credentials, or Bearer with a token fetched from the challenge's realm, for the requests
 * {@link RegistryHttp} makes (a pull's manifests and blobs, all of a push); jib authenticates its own.
 */
final class TokenAuthenticator {

    private static final int MAX_TOKEN_RESPONSE = 1 << 20;

    private final RegistryHttp http;
    private final Credential credential;

    /** @param credential null for anonymous access */
    TokenAuthenticator(RegistryHttp http, Credential credential) {
        this.http = http;
        this.credential = credential;
    }

    /**
     * The {@code Authorization} header answering {@code challenge}.
     *
     * @param scope   the access wanted, e.g. {@code repository:library/busybox:pull}, several separated by spaces;
     *                null for a login check
     * @param login   a login check: the token request names the account, as docker's login does
     * @param subject what messages name: the reference being pulled, or the registry
     * @throws RegistryAuthException when the registry wants credentials there are none of, or refuses them
     */
    String authorize(AuthChallenge challenge, String scope, boolean login, String subject) throws IOException {
        return switch (challenge.scheme()) {
            case "basic" -> {
                if (credential == null || credential.isOAuth2RefreshToken()) {
                    throw new RegistryAuthException(subject + ": authentication required: no credentials found"
                            + " (run jbuild login " + http.registry() + ")");
                }
                yield Authorization.fromBasicCredentials(credential.getUsername(), credential.getPassword()).toString();
            }
            case "bearer" -> Authorization.fromBearerToken(token(challenge, scope, login, subject)).toString();
            default -> throw new RegistryException(subject + ": unsupported authentication scheme \""
                    + challenge.scheme() + "\"");
        };
    }

    private String token(AuthChallenge challenge, String scope, boolean login, String subject) throws IOException {
        String realm = challenge.param("realm");
        if (realm == null || realm.isEmpty()) {
            throw new RegistryException(subject + ": the registry's Bearer challenge names no realm");
        }
        URI realmUri;
        try {
            realmUri = URI.create(realm);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(subject + ": invalid token realm \"" + realm + "\"");
        }
        List<String> params = new ArrayList<>();
        if (challenge.param("service") != null) {
            params.add("service=" + encode(challenge.param("service")));
        }
        String wanted = scope != null ? scope : challenge.param("scope");
        if (wanted != null) {
            for (String one : wanted.split(" ")) {
                params.add("scope=" + encode(one)); // one parameter per scope, as docker sends them
            }
        }
        RegistryRequest.Builder request;
        if (credential != null && credential.isOAuth2RefreshToken()) {
            if (!sendsCredentials(realmUri)) {
                throw new RegistryAuthException(subject + ": the registry's token service " + realmUri.getHost()
                        + " is plain HTTP; credentials are sent over it only for an insecure registry");
            }
            // An identity token from docker's config.json: exchanged with OAuth2's refresh_token grant.
            params.add("grant_type=refresh_token");
            params.add("client_id=jbuild");
            params.add("refresh_token=" + encode(credential.getPassword()));
            request = http.request(realmUri)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(String.join("&", params).getBytes(StandardCharsets.UTF_8));
        } else {
            if (credential != null && login) {
                params.add("account=" + encode(credential.getUsername()));
            }
            String query = String.join("&", params);
            URI uri = URI.create(realm + (query.isEmpty() ? "" : (realm.contains("?") ? "&" : "?") + query));
            request = http.request(uri).GET();
            if (credential != null && !sendsCredentials(realmUri)) {
                throw new RegistryAuthException(subject + ": the registry's token service " + realmUri.getHost()
                        + " is plain HTTP; credentials are sent over it only for an insecure registry");
            }
            if (credential != null) {
                request.header("Authorization",
                        Authorization.fromBasicCredentials(credential.getUsername(), credential.getPassword()).toString());
            }
        }
        RegistryResponse response = http.send(request.build());
        byte[] body = http.readBody(response, MAX_TOKEN_RESPONSE);
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new RegistryAuthException(subject + ": "
                    + (credential == null ? "authentication required: no credentials found (run jbuild login "
                    + http.registry() + ")" : "unauthorized: incorrect username or password"));
        }
        if (status != 200) {
            String message = "token request to " + realmUri.getHost() + " failed: HTTP " + status;
            if (Transience.retryableStatus(status)) {
                throw new HttpStatusException(status, message);
            }
            throw new RegistryException(subject + ": " + message);
        }
        JsonNode json;
        try {
            json = OciJson.readTree(body);
        } catch (IOException e) {
            throw new RegistryException(subject + ": the token server's answer is not JSON");
        }
        String token = json.path("token").asText("");
        if (token.isEmpty()) {
            token = json.path("access_token").asText("");
        }
        if (token.isEmpty()) {
            throw new RegistryException(subject + ": the token server's answer holds no token");
        }
        return token;
    }

    /** Credentials go over TLS, or over plain HTTP to an insecure registry's own services. */
    private boolean sendsCredentials(URI realm) {
        return "https".equalsIgnoreCase(realm.getScheme()) || http.insecure();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
