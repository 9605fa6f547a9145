package io.jbuild.core.build;

import io.jbuild.core.fs.RootPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** User and group names resolved through an image's /etc/passwd and /etc/group, as docker does for --chown. */
final class Users {

    record Owner(long uid, long gid) {
    }

    private Users() {
    }

    /**
     * {@code user[:group]} with names or numbers; a user without a group gets a group with the user's number.
     * Names need the image's /etc/passwd (or /etc/group); numbers do not.
     */
    static Owner resolve(String spec, RootPath rootfs) throws IOException {
        int colon = spec.indexOf(':');
        String user = colon < 0 ? spec : spec.substring(0, colon);
        String group = colon < 0 ? null : spec.substring(colon + 1);
        long uid = id(user, rootfs, "/etc/passwd", spec);
        long gid = group == null || group.isEmpty() ? uid : id(group, rootfs, "/etc/group", spec);
        return new Owner(uid, gid);
    }

    private static long id(String name, RootPath rootfs, String file, String spec) throws IOException {
        if (name.matches("\\d+")) {
            return Long.parseLong(name);
        }
        Optional<Long> found = lookup(name, rootfs, file);
        return found.orElseThrow(() -> new IOException("unable to convert \"" + spec + "\" to an owner: no " + name
                + " in the image's " + file));
    }

    private static Optional<Long> lookup(String name, RootPath rootfs, String file) throws IOException {
        Path p = rootfs.resolve(file, true);
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
        for (String line : lines) {
            String[] f = line.split(":", -1);
            if (f.length >= 3 && f[0].equals(name) && f[2].matches("\\d+")) {
                return Optional.of(Long.parseLong(f[2]));
            }
        }
        return Optional.empty();
    }
}
