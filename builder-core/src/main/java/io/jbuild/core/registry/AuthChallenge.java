package io.jbuild.core.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code WWW-Authenticate} challenge (RFC 7235) as registries send them:
 * {@code Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:x:pull"} or
 * {@code Basic realm="Registry Realm"}.
 *
 * @param scheme lower case: {@code bearer} or {@code basic}
 * @param params parameter names lower case, values unquoted
 */
record AuthChallenge(String scheme, Map<String, String> params) {

    AuthChallenge {
        params = Map.copyOf(params);
    }

    /** The challenge to answer among a response's headers: Bearer if offered, else Basic, else empty. */
    static Optional<AuthChallenge> choose(List<String> headers) {
        AuthChallenge basic = null;
        for (String h : headers) {
            AuthChallenge c = parse(h);
            if (c == null) {
                continue;
            }
            if (c.scheme.equals("bearer")) {
                return Optional.of(c);
            }
            if (c.scheme.equals("basic")) {
                basic = c;
            }
        }
        return Optional.ofNullable(basic);
    }

    /** Parses one header value; null if it is not a challenge. */
    static AuthChallenge parse(String header) {
        String s = header.strip();
        int space = s.indexOf(' ');
        String scheme = (space < 0 ? s : s.substring(0, space)).toLowerCase(Locale.ROOT);
        if (scheme.isEmpty()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        int i = space < 0 ? s.length() : space + 1;
        while (i < s.length()) {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == ',')) {
                i++;
            }
            int eq = s.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String name = s.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            i = eq + 1;
            StringBuilder value = new StringBuilder();
            if (i < s.length() && s.charAt(i) == '"') {
                // quoted-string: backslash escapes the next character
                for (i++; i < s.length() && s.charAt(i) != '"'; i++) {
                    if (s.charAt(i) == '\\' && i + 1 < s.length()) {
                        i++;
                    }
                    value.append(s.charAt(i));
                }
                i++;
            } else {
                for (; i < s.length() && s.charAt(i) != ','; i++) {
                    value.append(s.charAt(i));
                }
            }
            if (!name.isEmpty()) {
                params.put(name, value.toString().strip());
            }
        }
        return new AuthChallenge(scheme, params);
    }

    String param(String name) {
        return params.get(name);
    }
}
