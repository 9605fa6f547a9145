package io.jbuild.grammar.reference;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A normalized image reference: {@code registry/repository[:tag][@digest]}, following docker's
 * {@code distribution/reference} grammar and normalization.
 *
 * <p>{@code nginx} is {@code docker.io/library/nginx:latest}; {@code erectbranch/nginx:1} is
 * {@code docker.io/erectbranch/nginx:1}; the first path component is a registry only when it contains
 * a {@code .} or a {@code :}, is {@code localhost}, or has upper-case letters. {@code index.docker.io} is
 * {@code docker.io}.
 *
 * @param registry   the registry host, with port if any, e.g. {@code docker.io}, {@code localhost:5000}
 * @param repository the path inside the registry, lowercase, e.g. {@code library/nginx}
 * @param tag        the tag, or null when the reference names a digest only (or was parsed exactly without one)
 * @param digest     the manifest digest, or null
 */
public record ImageReference(String registry, String repository, String tag, Digest digest) {

    public static final String DEFAULT_REGISTRY = "docker.io";
    public static final String DEFAULT_TAG = "latest";
    public static final int MAX_REPOSITORY_LENGTH = 255;

    private static final String LEGACY_DEFAULT_REGISTRY = "index.docker.io";
    private static final String OFFICIAL_PREFIX = "library/";

    public ImageReference {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        if (!ReferenceSyntax.registry(registry)) {
            throw new InvalidReferenceException(registry, "invalid registry host", registry);
        }
        if (!ReferenceSyntax.repository(repository)) {
            throw new InvalidReferenceException(repository, "invalid repository name", repository);
        }
        if (repository.length() > MAX_REPOSITORY_LENGTH) {
            throw new InvalidReferenceException(repository,
                    "repository name must not be more than " + MAX_REPOSITORY_LENGTH + " characters", repository);
        }
        if (tag != null && !ReferenceSyntax.tag(tag)) {
            throw new InvalidReferenceException(tag, tagProblem(tag), tag);
        }
    }

    /**
     * Parses and normalizes as docker does for {@code docker pull}/{@code tag}/{@code run}: a reference
     * with neither tag nor digest gets the tag {@code latest}.
     *
     * @throws InvalidReferenceException naming the offending part
     */
    public static ImageReference parse(String text) {
        ImageReference ref = parseExact(text);
        return ref.tag == null && ref.digest == null ? ref.withTag(DEFAULT_TAG) : ref;
    }

    /** Parses and normalizes like {@link #parse}, but leaves a missing tag missing (a repository filter). */
    public static ImageReference parseExact(String text) {
        return parseExact(text, true);
    }

    private static ImageReference parseExact(String text, boolean typedDigest) {
        Objects.requireNonNull(text, "reference");
        if (text.isEmpty()) {
            throw new InvalidReferenceException(text, "repository name must have at least one component", text);
        }
        if (ReferenceSyntax.lowerHex(text, 64)) {
            throw new InvalidReferenceException(text,
                    "cannot specify 64-byte hexadecimal strings as a repository name", text);
        }
        String rest = text;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            String digestText = rest.substring(at + 1);
            if (!ReferenceSyntax.digest(digestText)) {
                throw new InvalidReferenceException(text, "invalid digest", digestText);
            }
            try {
                digest = typedDigest ? Digest.parse(digestText) : null;
            } catch (IllegalArgumentException e) {
                throw new InvalidReferenceException(text, "invalid digest", digestText);
            }
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            if (!ReferenceSyntax.tag(tag)) {
                throw new InvalidReferenceException(text, tagProblem(tag), tag);
            }
            rest = rest.substring(0, colon);
        }
        if (rest.isEmpty()) {
            throw new InvalidReferenceException(text, "repository name must have at least one component", text);
        }

        String registry = DEFAULT_REGISTRY;
        String path = rest;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            String first = rest.substring(0, slash);
            if (first.equals("localhost") || first.contains(".") || first.contains(":")
                    || !first.toLowerCase(Locale.ROOT).equals(first)) {
                registry = first.equals(LEGACY_DEFAULT_REGISTRY) ? DEFAULT_REGISTRY : first;
                path = rest.substring(slash + 1);
            }
        }
        if (!path.toLowerCase(Locale.ROOT).equals(path)) {
            throw new InvalidReferenceException(text, "repository name must be lowercase", path);
        }
        if (!ReferenceSyntax.registry(registry)) {
            throw new InvalidReferenceException(text, "invalid registry host", registry);
        }
        if (path.isEmpty() || !ReferenceSyntax.repository(path)) {
            throw new InvalidReferenceException(text, "invalid repository name", path);
        }
        if (registry.equals(DEFAULT_REGISTRY) && path.indexOf('/') < 0) {
            path = OFFICIAL_PREFIX + path;
        }
        if (path.length() > MAX_REPOSITORY_LENGTH) {
            throw new InvalidReferenceException(text,
                    "repository name must not be more than " + MAX_REPOSITORY_LENGTH + " characters", path);
        }
        return new ImageReference(registry, path, tag, digest);
    }

    /**
     * A reference as written after FROM, split into its parts without judging them (what hadolint's rules need,
     * variables and all).
     *
     * @param registry the registry host when the first component names one (has {@code .} or {@code :}, or is
     *                 {@code localhost})
     * @param path     the repository path as written (not normalized)
     * @param tag      the tag, if written
     * @param digest   the digest, if written
     */
    public record Written(Optional<String> registry, String path, Optional<String> tag, Optional<String> digest) {
    }

    /** Splits {@code image} as written; never fails. */
    public static Written split(String image) {
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
        return new Written(registry, rest, tag, digest);
    }

    /**
     * True when Docker would accept {@code image} as a reference (distribution's {@code ParseNormalizedNamed}):
     * the rules of {@link #parseExact}, except that any well-formed digest algorithm passes (the linter judges
     * syntax; which algorithms a registry serves is the puller's concern), and the whole name, registry
     * included, is at most 255 characters.
     */
    public static boolean isValid(String image) {
        try {
            parseExact(image, false);
            Written written = split(image);
            return written.registry().orElse(DEFAULT_REGISTRY).length() + 1 + written.path().length()
                    <= MAX_REPOSITORY_LENGTH;
        } catch (InvalidReferenceException e) {
            return false;
        }
    }

    /** True for a 64-digit lowercase hex string: an image ID, never a repository. */
    public static boolean isImageId(String text) {
        return ReferenceSyntax.lowerHex(text, 64);
    }

    /** {@code registry/repository}, e.g. {@code docker.io/library/nginx}. */
    public String name() {
        return registry + "/" + repository;
    }

    public boolean hasTag() {
        return tag != null;
    }

    public boolean hasDigest() {
        return digest != null;
    }

    public ImageReference withTag(String newTag) {
        return new ImageReference(registry, repository, newTag, digest);
    }

    public ImageReference withDigest(Digest newDigest) {
        return new ImageReference(registry, repository, tag, newDigest);
    }

    /** The same repository with neither tag nor digest. */
    public ImageReference repositoryOnly() {
        return new ImageReference(registry, repository, null, null);
    }

    /** The repository as docker prints it: {@code nginx}, {@code erectbranch/nginx}, {@code localhost:5000/app}. */
    public String familiarRepository() {
        if (!registry.equals(DEFAULT_REGISTRY)) {
            return name();
        }
        if (repository.startsWith(OFFICIAL_PREFIX) && repository.indexOf('/', OFFICIAL_PREFIX.length()) < 0) {
            return repository.substring(OFFICIAL_PREFIX.length());
        }
        return repository;
    }

    /** The whole reference as docker prints it: {@code nginx:latest}, {@code erectbranch/nginx:1}. */
    public String familiarName() {
        return familiarRepository() + suffix();
    }

    /** Canonical form: {@code docker.io/library/nginx:latest}, {@code localhost:5000/a@sha256:…}. */
    @Override
    public String toString() {
        return name() + suffix();
    }

    private String suffix() {
        return (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }

    private static String tagProblem(String tag) {
        if (tag.length() > 128 && ReferenceSyntax.tagCharacters(tag)) {
            return "tag must not be more than 128 characters";
        }
        return "invalid tag";
    }
}
