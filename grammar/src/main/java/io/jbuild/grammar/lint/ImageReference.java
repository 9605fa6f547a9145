package io.jbuild.grammar.lint;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image reference as written after FROM: {@code [registry/]path[:tag][@digest]}.
 *
 * @param registry the registry host when the first component names one (has {@code .} or {@code :}, or is
 *                 {@code localhost})
 * @param path     the repository path
 * @param tag      the tag, if written
 * @param digest   the digest, if written
 */
public record ImageReference(Optional<String> registry, String path, Optional<String> tag, Optional<String> digest) {

    private static final String ALNUM = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|[-]+)";
    private static final String PATH_COMPONENT = ALNUM + "(?:" + SEPARATOR + ALNUM + ")*";
    private static final Pattern PATH = Pattern.compile(PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*"
                    + "|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-f0-9]{64}");

    /** Splits without judging the parts (what hadolint's rules need, variables and all). */
    public static ImageReference split(String image) {
        String rest = image;
        Optional<String> digest = Optional.empty();
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Optional.of(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        Optional<String> registry = Optional.empty();
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = Optional.of(first);
                rest = rest.substring(slash + 1);
            }
        }
        Optional<String> tag = Optional.empty();
        int colon = rest.lastIndexOf(':');
        if (colon >= 0 && rest.indexOf('/', colon) < 0) {
            tag = Optional.of(rest.substring(colon + 1));
            rest = rest.substring(0, colon);
        }
        return new ImageReference(registry, rest, tag, digest);
    }

    /**
     * True when Docker would accept {@code image} as a reference (distribution's {@code ParseNormalizedNamed}):
     * lower-case repository, valid registry, tag and digest, not a bare 64-hex id, at most 255 characters.
     */
    public static boolean isValid(String image) {
        if (image.isEmpty() || IDENTIFIER.matcher(image).matches()) {
            return false;
        }
        String rest = image;
        int at = rest.indexOf('@');
        if (at >= 0) {
            if (!DIGEST.matcher(rest.substring(at + 1)).matches()) {
                return false;
            }
            rest = rest.substring(0, at);
        }
        int slash = rest.indexOf('/');
        String domain = null;
        if (slash >= 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")
                    || !first.toLowerCase(Locale.ROOT).equals(first)) {
                domain = first;
                rest = rest.substring(slash + 1);
            }
        }
        int colon = rest.lastIndexOf(':');
        if (colon >= 0) {
            if (!TAG.matcher(rest.substring(colon + 1)).matches()) {
                return false;
            }
            rest = rest.substring(0, colon);
        }
        if (domain != null) {
            // a domain with a port and a tag-less path: "host:5000/x" was split at the first slash already
            if (!DOMAIN.matcher(domain).matches()) {
                return false;
            }
        }
        int length = (domain == null ? "docker.io/" : domain + "/").length() + rest.length();
        return PATH.matcher(rest).matches() && length <= 255;
    }
}
