package io.jbuild.core.build;

import io.jbuild.core.fs.RootPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code --chown} (and the USER a WORKDIR is created for) resolved as BuildKit's file operations do
 * ({@code llb.WithUser} and the solver's {@code readUser}): {@code root} and numbers need no lookup; a user name
 * takes its uid and primary gid from the image's /etc/passwd; a group name its gid from /etc/group; a number
 * without a group gets the same number as gid; an empty group ({@code user:}) is gid 0.
 *
 * <p>One deliberate difference: a name the image does not know fails the step (as Docker's documentation says),
 * where BuildKit silently uses 0.
 */
final class Users {

    record Owner(long uid, long gid) {
    }

    private record Entry(long id, long primaryGroup) {
    }

    private Users() {
    }

    static Owner resolve(String spec, RootPath rootfs) throws IOException {
        int colon = spec.indexOf(':');
        String user = colon < 0 ? spec : spec.substring(0, colon);
        String group = colon < 0 ? null : spec.substring(colon + 1);
        Entry u = lookup(user, rootfs, "/etc/passwd", spec);
        long gid = group == null ? u.primaryGroup() : lookup(group, rootfs, "/etc/group", spec).id();
        return new Owner(u.id(), gid);
    }

    /** Whether {@code spec} resolves without the image's files: {@code root}, numbers, empty parts. */
    static boolean isNumeric(String spec) {
        for (String part : spec.split(":", -1)) {
            if (!part.isEmpty() && !part.equals("root") && !part.matches("\\d+")) {
                return false;
            }
        }
        return true;
    }

    private static Entry lookup(String name, RootPath rootfs, String file, String spec) throws IOException {
        if (name.equals("root") || name.isEmpty()) {
            return new Entry(0, 0);
        }
        if (name.matches("\\d+")) {
            long id = Long.parseLong(name);
            return new Entry(id, id);
        }
        return find(name, rootfs, file).orElseThrow(() -> new IOException("unable to convert \"" + spec
                + "\" to an owner: no " + name + " in the image's " + file));
    }

    private static Optional<Entry> find(String name, RootPath rootfs, String file) throws IOException {
        Path p = rootfs.resolve(file, true);
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
        for (String line : lines) {
            String[] f = line.split(":", -1);
            if (f.length >= 3 && f[0].equals(name) && f[2].matches("\\d+")) {
                long primary = f.length >= 4 && f[3].matches("\\d+") ? Long.parseLong(f[3]) : Long.parseLong(f[2]);
                return Optional.of(new Entry(Long.parseLong(f[2]), primary));
            }
        }
        return Optional.empty();
    }
}
