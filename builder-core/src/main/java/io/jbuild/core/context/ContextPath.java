package io.jbuild.core.context;

import io.jbuild.grammar.gotext.GoText;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A path inside the build context, relative to its root, kept as the file name bytes: Linux names are bytes, not
 * text, and a name that is not UTF-8 must survive into the layer unchanged. Always clean: no empty, "." or ".."
 * segments, no leading or trailing '/'. The root is the empty path.
 *
 * <p>Ordering compares segment by segment, bytes unsigned, so parents come before children and siblings sort by
 * name: the order of Go's {@code filepath.WalkDir}, which BuildKit sends contexts in.
 */
public final class ContextPath extends NameBytes implements Comparable<ContextPath> {

    public static final ContextPath ROOT = new ContextPath(new byte[0]);

    private ContextPath(byte[] bytes) {
        super(bytes);
    }

    /**
     * The path a (possibly unclean) '/'-separated string names inside the context: cleaned lexically against the
     * root, so {@code ../../etc/passwd} and {@code /etc/passwd} are both {@code etc/passwd}.
     */
    public static ContextPath of(String path) {
        return ofBytes(GoText.utf8(path));
    }

    /** Like {@link #of(String)} for a path given as bytes. */
    public static ContextPath ofBytes(byte[] path) {
        byte[] clean = GoText.clean(GoText.concat(new byte[] {'/'}, path));
        return clean.length == 1 ? ROOT : new ContextPath(Arrays.copyOfRange(clean, 1, clean.length));
    }

    /** The child {@code name} (one segment: no '/', not empty, "." or ".."). */
    public ContextPath resolve(byte[] name) {
        if (name.length == 0 || (name.length == 1 && name[0] == '.')
                || (name.length == 2 && name[0] == '.' && name[1] == '.') || indexOf(name, (byte) '/') >= 0) {
            throw new IllegalArgumentException("not a file name: " + GoText.display(name));
        }
        return new ContextPath(isRoot() ? name.clone() : GoText.concat(GoText.concat(bytes, new byte[] {'/'}), name));
    }

    public ContextPath resolve(String name) {
        return resolve(GoText.utf8(name));
    }

    public boolean isRoot() {
        return bytes.length == 0;
    }

    /** The parent; empty for the root. */
    public Optional<ContextPath> parent() {
        if (isRoot()) {
            return Optional.empty();
        }
        int slash = lastIndexOf(bytes, (byte) '/');
        return Optional.of(slash < 0 ? ROOT : new ContextPath(Arrays.copyOf(bytes, slash)));
    }

    /** The last segment's bytes (empty for the root). */
    public byte[] name() {
        int slash = lastIndexOf(bytes, (byte) '/');
        return Arrays.copyOfRange(bytes, slash + 1, bytes.length);
    }

    /** The segments' bytes, first to last. */
    public List<byte[]> segments() {
        List<byte[]> out = new ArrayList<>();
        if (isRoot()) {
            return out;
        }
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '/') {
                out.add(Arrays.copyOfRange(bytes, start, i));
                start = i + 1;
            }
        }
        return out;
    }

    public int depth() {
        if (isRoot()) {
            return 0;
        }
        int n = 1;
        for (byte b : bytes) {
            if (b == '/') {
                n++;
            }
        }
        return n;
    }

    /** Whether this is {@code other} or below it. */
    public boolean startsWith(ContextPath other) {
        if (other.isRoot()) {
            return true;
        }
        return GoText.startsWith(bytes, other.bytes)
                && (bytes.length == other.bytes.length || bytes[other.bytes.length] == '/');
    }

    /** This path relative to {@code base}, which it must start with; the root when equal. */
    public ContextPath relativeTo(ContextPath base) {
        if (!startsWith(base)) {
            throw new IllegalArgumentException(this + " is not below " + base);
        }
        if (base.isRoot()) {
            return this;
        }
        if (bytes.length == base.bytes.length) {
            return ROOT;
        }
        return new ContextPath(Arrays.copyOfRange(bytes, base.bytes.length + 1, bytes.length));
    }

    /** The path as text if it is valid UTF-8. */
    public Optional<String> utf8() {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    int length() {
        return bytes.length;
    }

    @Override
    public int compareTo(ContextPath o) {
        int n = Math.min(bytes.length, o.bytes.length);
        for (int i = 0; i < n; i++) {
            int a = bytes[i] & 0xFF;
            int b = o.bytes[i] & 0xFF;
            if (a != b) {
                // '/' sorts before every other byte, so a directory's children come before its later siblings.
                if (a == '/') {
                    return -1;
                }
                if (b == '/') {
                    return 1;
                }
                return a - b;
            }
        }
        return bytes.length - o.bytes.length;
    }

    private static int indexOf(byte[] s, byte b) {
        for (int i = 0; i < s.length; i++) {
            if (s[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] s, byte b) {
        for (int i = s.length - 1; i >= 0; i--) {
            if (s[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
