package io.jbuild.core.layer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Extended attributes outside the {@code user.} namespace ({@code security.capability} above all), which Java's
 * {@code UserDefinedFileAttributeView} cannot reach: read and written by the {@code attr} package's tools, one
 * process for a whole tree or a whole layer, never one per file, and only when some file needs it.
 */
public final class HostXattrs {

    /** The one attribute BuildKit (containerd's change writer) carries from a RUN's files into its layer. */
    public static final String CAPABILITY = "security.capability";

    private static final Path GETFATTR = Path.of("/usr/bin/getfattr");
    private static final Path SETFATTR = Path.of("/usr/bin/setfattr");

    private HostXattrs() {
    }

    /** Overlayfs's own bookkeeping, which must never enter a layer nor come from one. */
    public static boolean isOverlayPrivate(String name) {
        return name.startsWith("trusted.overlay.") || name.startsWith("user.overlay.");
    }

    /** Whether {@link #read} and {@link #readOne} can work (getfattr is installed). */
    public static boolean canRead() {
        return Files.isExecutable(GETFATTR);
    }

    /** One attribute to set: {@code path} relative to the tree's root. */
    record Pending(String path, String name, byte[] value) {
    }

    /**
     * The attribute {@code name} of every file below {@code tree} that has it (symlinks not followed), by path
     * relative to {@code tree}; empty when getfattr is not installed.
     */
    public static Map<String, byte[]> read(Path tree, String name) throws IOException {
        if (!canRead()) {
            return Map.of();
        }
        Path abs = tree.toAbsolutePath().normalize();
        // -m matches by regex; anchored to the one name.
        String out = run(List.of(GETFATTR.toString(), "-R", "-h", "-d", "-m", "^" + name.replace(".", "\\.") + "$",
                "-e", "base64", "--absolute-names", abs.toString()), null, true);
        Map<String, byte[]> found = new HashMap<>();
        String file = null;
        for (String line : out.split("\n")) {
            if (line.startsWith("# file: ")) {
                file = unquote(line.substring("# file: ".length()));
            } else if (file != null && line.startsWith(name + "=")) {
                Path p = Path.of(file);
                if (p.startsWith(abs) && !p.equals(abs)) {
                    found.put(abs.relativize(p).toString(), decode(line.substring(name.length() + 1)));
                }
            }
        }
        return found;
    }

    /** The attribute {@code name} of one file (not following a symlink), if it has it and getfattr is installed. */
    public static Optional<byte[]> readOne(Path file, String name) throws IOException {
        if (!canRead()) {
            return Optional.empty();
        }
        String out = run(List.of(GETFATTR.toString(), "-h", "-d", "-m", "^" + name.replace(".", "\\.") + "$",
                "-e", "base64", "--absolute-names", file.toAbsolutePath().toString()), null, true);
        for (String line : out.split("\n")) {
            if (line.startsWith(name + "=")) {
                return Optional.of(decode(line.substring(name.length() + 1)));
            }
        }
        return Optional.empty();
    }

    /** Sets every pending attribute below {@code root} with one {@code setfattr --restore}. */
    static void write(Path root, List<Pending> pending) throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        if (!Files.isExecutable(SETFATTR)) {
            Pending first = pending.get(0);
            throw new IOException("layer entry \"" + first.path() + "\" has the extended attribute " + first.name()
                    + "; setting it needs " + SETFATTR + " (Debian package attr)");
        }
        StringBuilder dump = new StringBuilder();
        for (Pending p : pending) {
            dump.append("# file: ").append(quote(p.path())).append('\n').append(p.name()).append("=0s")
                    .append(Base64.getEncoder().encodeToString(p.value())).append("\n\n");
        }
        Path file = Files.createTempFile("jbuild-xattrs-", ".txt");
        try {
            Files.writeString(file, dump, StandardCharsets.US_ASCII);
            run(List.of(SETFATTR.toString(), "-h", "--restore=" + file), root, false);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Whether {@code rel} below {@code root} is still {@code key}'s file, reached through real directories only. */
    static boolean sameFile(Path root, String rel, Object key) throws IOException {
        Path p = root;
        String[] parts = rel.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            p = p.resolve(parts[i]);
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
        }
        p = p.resolve(parts[parts.length - 1]);
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS)
                && Objects.equals(Files.readAttributes(p, "unix:fileKey", LinkOption.NOFOLLOW_LINKS).get("fileKey"),
                        key);
    }

    private static byte[] decode(String value) throws IOException {
        if (value.startsWith("0s")) {
            return Base64.getDecoder().decode(value.substring(2));
        }
        throw new IOException("getfattr printed an attribute value not in base64: " + value);
    }

    /** The attr tools' quoting of names: backslash and bytes outside printable ASCII as {@code \ooo}. */
    static String quote(String path) {
        StringBuilder b = new StringBuilder();
        for (byte x : path.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c == '\\' || c < 0x21 || c > 0x7e) {
                b.append('\\').append((char) ('0' + (c >> 6))).append((char) ('0' + ((c >> 3) & 7)))
                        .append((char) ('0' + (c & 7)));
            } else {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    static String unquote(String quoted) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] in = quoted.getBytes(StandardCharsets.ISO_8859_1); // the tool's bytes, one char each
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '\\' && i + 3 < in.length && isOctal(in[i + 1]) && isOctal(in[i + 2]) && isOctal(in[i + 3])) {
                out.write(((in[i + 1] - '0') << 6) | ((in[i + 2] - '0') << 3) | (in[i + 3] - '0'));
                i += 3;
            } else {
                out.write(in[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isOctal(byte c) {
        return c >= '0' && c <= '7';
    }

    /**
     * Runs a tool; its output is read from a file, not a pipe, so a big tree's dump never blocks it. getfattr
     * exits with 1 when some file has no matching attribute ({@code okIfNoneFound}).
     */
    private static String run(List<String> cmd, Path dir, boolean okIfNoneFound) throws IOException {
        Path out = Files.createTempFile("jbuild-attr-", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.PIPE);
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            Process p = pb.start();
            String err;
            try (InputStream e = p.getErrorStream()) {
                err = new String(e.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException(cmd.get(0) + " did not finish within 5 minutes");
            }
            if (p.exitValue() != 0 && !(okIfNoneFound && p.exitValue() == 1 && err.isBlank())) {
                throw new IOException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): " + err.strip());
            }
            return Files.readString(out, StandardCharsets.ISO_8859_1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted running " + cmd.get(0));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
