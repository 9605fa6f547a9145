package io.jbuild.core.context;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Converts between host {@link Path}s and byte names without loss. On Linux a {@code Path} keeps the name's bytes,
 * but {@code toString()} decodes them with the platform charset (lossy for non-UTF-8 names, and under the C locale
 * for every non-ASCII name), and building a {@code Path} from such a string fails or names another file. A
 * {@code file:} URI percent-encodes the exact bytes in both directions, so non-ASCII names go through one.
 */
final class HostPaths {

    private HostPaths() {
    }

    /** The last segment of a path obtained from a directory listing, as bytes. */
    static byte[] nameBytes(Path listed) {
        String s = listed.getFileName().toString();
        if (isAscii(s)) {
            return s.getBytes(StandardCharsets.US_ASCII); // every platform charset agrees on ASCII
        }
        byte[] all = uriBytes(listed.toAbsolutePath());
        int slash = all.length - 1;
        while (slash >= 0 && all[slash] != '/') {
            slash--;
        }
        return Arrays.copyOfRange(all, slash + 1, all.length);
    }

    /** The bytes of a path read with {@code Files.readSymbolicLink} (relative or absolute). */
    static byte[] pathBytes(Path path) {
        String s = path.toString();
        if (isAscii(s)) {
            return s.getBytes(StandardCharsets.US_ASCII);
        }
        if (path.isAbsolute()) {
            return uriBytes(path);
        }
        byte[] rooted = uriBytes(path.getFileSystem().getPath("/").resolve(path));
        return Arrays.copyOfRange(rooted, 1, rooted.length);
    }

    /** {@code base} joined with the relative path {@code rel} (bytes, '/'-separated). */
    static Path resolve(Path base, byte[] rel) {
        if (rel.length == 0) {
            return base;
        }
        if (isAscii(rel)) {
            return base.resolve(new String(rel, StandardCharsets.US_ASCII));
        }
        byte[] baseBytes = uriBytes(base);
        StringBuilder uri = new StringBuilder("file://");
        encode(uri, baseBytes);
        if (baseBytes[baseBytes.length - 1] != '/') {
            uri.append('/');
        }
        encode(uri, rel);
        return Path.of(URI.create(uri.toString()));
    }

    /** The absolute path's bytes, via its URI; the directory slash the URI may add is removed. */
    private static byte[] uriBytes(Path absolute) {
        String raw = absolute.toUri().getRawPath();
        byte[] out = new byte[raw.length()];
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()) {
                out[n++] = (byte) Integer.parseInt(raw.substring(i + 1, i + 3), 16);
                i += 2;
            } else {
                out[n++] = (byte) c;
            }
        }
        if (n > 1 && out[n - 1] == '/') {
            n--; // toUri() appends '/' to directories; a Path never ends in one
        }
        return Arrays.copyOf(out, n);
    }

    private static void encode(StringBuilder uri, byte[] bytes) {
        for (byte b : bytes) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '-'
                    || c == '.' || c == '_' || c == '~') {
                uri.append((char) c);
            } else {
                uri.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
            }
        }
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || c == 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAscii(byte[] s) {
        for (byte b : s) {
            if (b <= 0) {
                return false;
            }
        }
        return true;
    }
}
