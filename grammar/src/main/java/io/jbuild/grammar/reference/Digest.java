package io.jbuild.grammar.reference;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A content digest as OCI writes it: {@code algorithm:encoded}, e.g. {@code sha256:2c26b4…}.
 *
 * <p>Only the algorithms registered by the OCI image spec are accepted (sha256, sha512), in the
 * canonical lowercase hex form, so that two digests of the same content are always equal strings.
 *
 * @param algorithm {@code sha256} or {@code sha512}
 * @param encoded   lowercase hex, 64 or 128 characters
 */
public record Digest(String algorithm, String encoded) implements Comparable<Digest> {

    public static final String SHA256 = "sha256";
    public static final String SHA512 = "sha512";

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    public Digest {
        if (algorithm == null || encoded == null) {
            throw new IllegalArgumentException("invalid digest: null");
        }
        String text = algorithm + ":" + encoded;
        switch (algorithm) {
            case SHA256 -> {
                if (!ReferenceSyntax.lowerHex(encoded, 64)) {
                    throw new IllegalArgumentException("invalid digest \"" + text + "\": sha256 needs 64 lowercase hex digits");
                }
            }
            case SHA512 -> {
                if (!ReferenceSyntax.lowerHex(encoded, 128)) {
                    throw new IllegalArgumentException("invalid digest \"" + text + "\": sha512 needs 128 lowercase hex digits");
                }
            }
            default -> throw new IllegalArgumentException("invalid digest \"" + text + "\": unsupported algorithm \"" + algorithm + "\"");
        }
    }

    /** Parses {@code algorithm:hex}; the message names the offending text. */
    public static Digest parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("invalid digest: null");
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("invalid digest \"" + text + "\": expected algorithm:hex");
        }
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    /** The sha256 digest of {@code hex}, a bare 64-digit image ID or blob name. */
    public static Digest sha256(String hex) {
        return new Digest(SHA256, hex);
    }

    /** Digests bytes already in memory (small JSON documents). */
    public static Digest of(byte[] content) {
        MessageDigest md = newMessageDigest(SHA256);
        return new Digest(SHA256, hex(md.digest(content)));
    }

    /** Digests a stream to its end without holding it in memory; the caller closes the stream. */
    public static Digest of(InputStream in) throws IOException {
        MessageDigest md = newMessageDigest(SHA256);
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            md.update(buffer, 0, n);
        }
        return new Digest(SHA256, hex(md.digest()));
    }

    /** The first 12 hex digits, as docker prints image IDs. */
    public String shortHex() {
        return encoded.substring(0, 12);
    }

    @Override
    public String toString() {
        return algorithm + ":" + encoded;
    }

    // equals and hashCode are written out, here and in a few other records a cached build compares: a record's
    // generated ones are linked through invokedynamic on first use, a few milliseconds each at start-up.
    @Override
    public boolean equals(Object o) {
        return o instanceof Digest d && algorithm.equals(d.algorithm) && encoded.equals(d.encoded);
    }

    @Override
    public int hashCode() {
        return 31 * algorithm.hashCode() + encoded.hashCode();
    }

    @Override
    public int compareTo(Digest other) {
        return toString().compareTo(other.toString());
    }

    /**
     * A new JDK digest for {@code algorithm} ({@link #SHA256} or {@link #SHA512}): a copy of one looked up once. A
     * look-up goes through the security providers and constructs the digest by reflection (after 15 of them the JDK
     * generates an accessor class, ~2 ms); copying a fresh digest copies a few arrays.
     */
    public static MessageDigest newMessageDigest(String algorithm) {
        MessageDigest fresh = algorithm.equals(SHA512) ? Sha512.FRESH : Sha256.FRESH;
        try {
            return (MessageDigest) fresh.clone();
        } catch (CloneNotSupportedException e) {
            return lookUp(fresh.getAlgorithm()); // a provider whose digest cannot be copied
        }
    }

    private static MessageDigest lookUp(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has " + name, e);
        }
    }

    /** A digest never updated, only copied (reading its state only): safe to share between threads. */
    private static final class Sha256 {
        static final MessageDigest FRESH = lookUp("SHA-256");
    }

    /** As {@link Sha256}; apart, so that a run without SHA-512 never looks it up. */
    private static final class Sha512 {
        static final MessageDigest FRESH = lookUp("SHA-512");
    }

    /** Lowercase hex, as digests are written. */
    public static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }
}
