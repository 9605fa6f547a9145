package io.jbuild.core.container.attach;

import java.util.Arrays;

/**
 * The key sequence that detaches from a container and leaves it running, in docker's notation: comma-separated keys,
 * each a single character or {@code ctrl-X} ({@code X} a letter or one of {@code @[\]^_}); docker's default is
 * {@code ctrl-p,ctrl-q}. An empty sequence never detaches.
 */
public record DetachKeys(byte[] sequence) {

    public static final DetachKeys DEFAULT = parse("ctrl-p,ctrl-q");

    public DetachKeys {
        sequence = sequence.clone();
    }

    /** @throws IllegalArgumentException naming the key docker would refuse */
    public static DetachKeys parse(String keys) {
        if (keys.isEmpty()) {
            return new DetachKeys(new byte[0]);
        }
        String[] parts = keys.split(",", -1);
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String k = parts[i];
            if (k.length() == 1) {
                out[i] = (byte) k.charAt(0);
            } else if (k.length() == 6 && k.toLowerCase(java.util.Locale.ROOT).startsWith("ctrl-")) {
                char c = Character.toLowerCase(k.charAt(5));
                if (c >= 'a' && c <= 'z') {
                    out[i] = (byte) (c - 'a' + 1);
                } else if ("@[\\]^_".indexOf(c) >= 0) {
                    out[i] = (byte) ("@[\\]^_".indexOf(c) == 0 ? 0 : 27 + "[\\]^_".indexOf(c));
                } else {
                    throw new IllegalArgumentException("Unknown character: '" + k + "'");
                }
            } else {
                throw new IllegalArgumentException("Unknown character: '" + k + "'");
            }
        }
        return new DetachKeys(out);
    }

    @Override
    public byte[] sequence() {
        return sequence.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DetachKeys d && Arrays.equals(sequence, d.sequence);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sequence);
    }

    @Override
    public String toString() {
        return "DetachKeys" + Arrays.toString(sequence);
    }

    /**
     * Scans input for the sequence: bytes that may begin it are held back until it is complete (then the input
     * ends) or broken (then they go on as typed).
     */
    static final class Matcher {
        private final byte[] sequence;
        private int matched;

        Matcher(DetachKeys keys) {
            this.sequence = keys.sequence;
        }

        /** What of {@code in[0..n)} to pass on, into {@code out}; its length, or -1 when the sequence was typed. */
        int filter(byte[] in, int n, byte[] out) {
            int o = 0;
            for (int i = 0; i < n; i++) {
                byte b = in[i];
                if (sequence.length > 0 && b == sequence[matched]) {
                    if (++matched == sequence.length) {
                        return -1;
                    }
                    continue;
                }
                for (int j = 0; j < matched; j++) {
                    out[o++] = sequence[j];
                }
                matched = 0;
                if (sequence.length > 0 && b == sequence[0]) {
                    matched = 1;
                    continue;
                }
                out[o++] = b;
            }
            return o;
        }
    }
}
