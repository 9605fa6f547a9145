package io.jbuild.core.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code --build-arg} values, and the names Docker predefines. */
public final class BuildArgs {

    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Usable without an ARG line, and kept out of the image history (they often hold credentials). */
    public static final Set<String> PROXY_ARGS = Set.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy",
            "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy");

    /**
     * BuildKit's frontend option as a build arg: the host name of every RUN container (and its /etc/hosts); it needs
     * no ARG line and is never unused.
     */
    public static final String SANDBOX_HOSTNAME = "BUILDKIT_SANDBOX_HOSTNAME";

    /** A host name the kernel takes (at most 64 bytes) and /etc/hosts can hold: letters, digits, '-', '.', '_'. */
    private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");

    /** The proxy variables BuildKit's executor knows, upper case. */
    private static final List<String> PROXY_NAMES = List.of("HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY",
            "ALL_PROXY");

    private BuildArgs() {
    }

    /**
     * The RUN containers' host name: {@link #SANDBOX_HOSTNAME}'s value, or {@code ""} when it is not given or empty
     * (the executor's default then, BuildKit's {@code buildkitsandbox}).
     *
     * @throws PlanException naming the value when it is not a host name
     */
    public static String sandboxHostname(Map<String, String> buildArgs) throws PlanException {
        String value = buildArgs.getOrDefault(SANDBOX_HOSTNAME, "");
        if (!value.isEmpty() && !HOSTNAME.matcher(value).matches()) {
            throw PlanException.ofValue("--build-arg " + SANDBOX_HOSTNAME + "=" + value + ": invalid hostname \""
                    + value + "\" (up to 64 letters, digits, '-', '.' or '_')");
        }
        return value;
    }

    /**
     * The proxy variables a RUN step gets from the build args: a proxy arg given in any case sets both the upper- and
     * the lower-case variable, as BuildKit's executor does (tools read one or the other). BuildKit reads the args in
     * sorted order, so of {@code HTTP_PROXY} and {@code http_proxy} the lower-case one wins; an empty value sets none.
     */
    public static Map<String, String> proxyEnv(Map<String, String> buildArgs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : PROXY_NAMES) {
            String key = null;
            for (String k : buildArgs.keySet()) {
                if (k.equalsIgnoreCase(name) && (key == null || k.compareTo(key) > 0)) {
                    key = k;
                }
            }
            String value = key == null ? "" : buildArgs.get(key);
            if (!value.isEmpty()) {
                out.put(name, value);
                out.put(name.toLowerCase(Locale.ROOT), value);
            }
        }
        return out;
    }

    /**
     * Reads {@code KEY=VALUE} and {@code KEY} (value from {@code environment}, as {@code docker build} does); a later
     * value for the same key wins.
     */
    public static Map<String, String> parse(List<String> specs, Map<String, String> environment) throws PlanException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            String key = eq < 0 ? spec : spec.substring(0, eq);
            if (!NAME.matcher(key).matches()) {
                throw PlanException.ofValue("--build-arg " + spec + ": invalid argument name \"" + key
                        + "\" (letters, digits and _, not starting with a digit)");
            }
            if (eq >= 0) {
                out.put(key, spec.substring(eq + 1));
            } else if (environment.containsKey(key)) {
                out.put(key, environment.get(key));
            } else {
                throw PlanException.ofValue("--build-arg " + key + ": no value given and " + key
                        + " is not set in the environment (use --build-arg " + key + "=VALUE)");
            }
        }
        return out;
    }
}
