package io.jbuild.core.registry;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;

/**
 * An answer to a {@link RegistryRequest}, from {@link PlainHttp} or the JDK's client: its status and headers, and
 * its body, which the receiver reads (or discards, {@link PlainHttp#discard}) and closes.
 *
 * @param method the request's method, and {@code uri} its URI, for messages
 */
record RegistryResponse(int statusCode, String method, URI uri, ResponseHeaders headers, InputStream body) {

    static RegistryResponse of(RegistryRequest request, HttpResponse<InputStream> jdk) {
        return new RegistryResponse(jdk.statusCode(), request.method(), jdk.uri(), ResponseHeaders.of(jdk.headers()),
                jdk.body());
    }
}
