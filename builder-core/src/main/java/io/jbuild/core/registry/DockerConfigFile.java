package io.jbuild.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jbuild.core.image.OciJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * docker's client configuration file ({@code config.json}), as {@code jbuild login} and {@code logout} change
 * it: {@code auths.<registry>.auth} holds base64 {@code user:password}. Everything else in the file (other
 * registries, {@code credsStore}, {@code credHelpers}, settings of other tools) is kept as it was.
 *
 * <p>Written as docker does: mode 0600, directory 0700, through a temporary file renamed over the old one, so a
 * reader (or a crash) never sees half a file.
 */
public final class DockerConfigFile {

    /** Names the directory holding {@code config.json} instead of {@code ~/.docker}. */
    public static final String ENV = "DOCKER_CONFIG";


    private final Path file;

    public DockerConfigFile(Path file) {
        this.file = file;
    }

    /** {@code $DOCKER_CONFIG/config.json}, else {@code HOME/.docker/config.json}. */
    public static Path locate(Map<String, String> environment, Path home) {
        String dir = environment.get(ENV);
        Path base = dir != null && !dir.isBlank() ? Path.of(dir) : home.resolve(".docker");
        return base.resolve("config.json");
    }

    public Path path() {
        return file;
    }

    /** Stores {@code username:password} for {@code key} (a registry as docker names it in the file). */
    public void putAuth(String key, String username, String password) throws IOException {
        ObjectNode root = read();
        ObjectNode auths = root.has("auths") && root.get("auths").isObject()
                ? (ObjectNode) root.get("auths") : root.putObject("auths");
        String auth = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        ObjectNode entry = auths.putObject(key);
        entry.put("auth", auth);
        write(root);
    }

    /** Removes what is stored for {@code key}; false if nothing was. */
    public boolean removeAuth(String key) throws IOException {
        if (!Files.exists(file)) {
            return false;
        }
        ObjectNode root = read();
        JsonNode auths = root.get("auths");
        if (auths == null || !auths.isObject() || !auths.has(key)) {
            return false;
        }
        ((ObjectNode) auths).remove(key);
        write(root);
        return true;
    }

    private ObjectNode read() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (bytes.length == 0) {
            return JsonNodeFactory.instance.objectNode();
        }
        JsonNode tree;
        try {
            tree = OciJson.readTree(bytes); // jackson-core's parser: no ObjectMapper (its start-up is a re-push's 20%)
        } catch (IOException e) {
            throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new IOException(file + ": expected a JSON object");
        }
        return (ObjectNode) tree;
    }

    private void write(ObjectNode root) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(dir)) {
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        byte[] bytes = (OciJson.pretty(OciJson.writeTree(root)) + "\n").getBytes(StandardCharsets.UTF_8);
        Path tmp = dir.resolve(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        // Created 0600 from the start: the credentials are never readable by others, not even briefly.
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        try {
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), attrs)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
