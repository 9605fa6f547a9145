package io.jbuild.core.exec;

import io.jbuild.core.fs.RootPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves {@code USER name[:group]} the way BuildKit does ({@code executor/oci/user.go} with moby's
 * {@code GetExecUser}): names are looked up in the image's own /etc/passwd and /etc/group, read through
 * {@link RootPath} so a hostile symlink cannot point the lookup at the host; numeric ids need no entry; a user
 * found by name (or by uid, and so the default user root) gets the groups that list it as supplementary groups;
 * the primary group is always among the additional groups.
 */
public final class UserResolver {

    /** BuildKit refuses user files larger than this. */
    private static final int MAX_FILE_BYTES = 10 << 20;

    private UserResolver() {
    }

    /**
     * @param rootfs the container's root file system
     * @param spec   the USER value: {@code ""} (root), {@code name}, {@code uid}, {@code name:group}, {@code uid:gid}
     * @throws IllegalArgumentException naming the user or group that does not exist
     */
    public static ContainerUser resolve(Path rootfs, String spec) throws IOException {
        RootPath root = new RootPath(rootfs);
        return resolve(path -> root.resolve(path, true), spec);
    }

    /** Where the image's user files are on the host. */
    @FunctionalInterface
    interface UserFiles {
        /** The host path of the absolute {@code path} in the container (it may not exist); null for none. */
        Path find(String path) throws IOException;
    }

    /** As {@link #resolve(Path, String)}, reading the user files {@code files} finds. */
    static ContainerUser resolve(UserFiles files, String spec) throws IOException {
        if (spec == null || spec.isEmpty()) {
            // As BuildKit's executor (since v0.10): no USER is looked up as uid 0, so root's supplementary groups
            // apply as after USER root; user files it cannot read leave plain 0:0, never a failed step.
            try {
                return resolve(files, "0");
            } catch (IOException | IllegalArgumentException e) {
                return ContainerUser.ROOT;
            }
        }
        int colon = spec.indexOf(':');
        String userArg = colon < 0 ? spec : spec.substring(0, colon);
        String groupArg = colon < 0 ? "" : spec.substring(colon + 1);
        Long fastUid = id(userArg, true);
        Long fastGid = colon < 0 ? null : id(groupArg, true);
        if (fastUid != null && fastGid != null) {
            return withPrimary(fastUid, fastGid, List.of()); // BuildKit's fast path: both numeric
        }
        List<String[]> passwd = read(files, "/etc/passwd");
        List<String[]> group = read(files, "/etc/group");
        Long numericUser = id(userArg, false);

        long uid = 0;
        long gid = 0;
        String matchedName = null;
        for (String[] u : passwd == null ? List.<String[]>of() : passwd) {
            Long entryUid = field(u, 2);
            boolean match = numericUser != null ? numericUser.equals(entryUid) : u[0].equals(userArg);
            if (match && entryUid != null) {
                matchedName = u[0];
                uid = entryUid;
                Long entryGid = field(u, 3);
                gid = entryGid == null ? 0 : entryGid;
                break;
            }
        }
        if (matchedName == null) {
            if (numericUser == null) {
                throw new IllegalArgumentException("unable to find user " + userArg + ": no matching entries in passwd"
                        + " file");
            }
            uid = numericUser;
        }

        List<Long> supplementary = new ArrayList<>();
        if (!groupArg.isEmpty() || matchedName != null) {
            Long numericGroup = id(groupArg, false);
            Long chosen = null;
            for (String[] g : group == null ? List.<String[]>of() : group) {
                Long entryGid = field(g, 2);
                if (entryGid == null) {
                    continue;
                }
                if (groupArg.isEmpty()) {
                    if (g.length > 3 && List.of(g[3].split(",")).contains(matchedName)) {
                        supplementary.add(entryGid);
                    }
                } else if (chosen == null && (numericGroup != null ? numericGroup.equals(entryGid)
                        : g[0].equals(groupArg))) {
                    chosen = entryGid;
                }
            }
            if (!groupArg.isEmpty()) {
                if (chosen == null && numericGroup == null) {
                    throw new IllegalArgumentException("unable to find group " + groupArg
                            + ": no matching entries in group file");
                }
                gid = chosen != null ? chosen : numericGroup;
            }
        }
        return withPrimary(uid, gid, supplementary);
    }

    private static ContainerUser withPrimary(long uid, long gid, List<Long> supplementary) {
        List<Long> all = new ArrayList<>();
        if (!supplementary.contains(gid)) {
            all.add(gid);
        }
        all.addAll(supplementary);
        return new ContainerUser(uid, gid, all);
    }

    /** A numeric id (or, on BuildKit's fast path, "root" for 0); null if the text is not one. */
    private static Long id(String text, boolean rootIsZero) {
        if (rootIsZero && text.equals("root")) {
            return 0L;
        }
        if (text.isEmpty() || !text.chars().allMatch(Character::isDigit) || text.length() > 10) {
            return null;
        }
        long n = Long.parseLong(text);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("user or group id " + text + " is out of range");
        }
        return n;
    }

    private static Long field(String[] entry, int index) {
        return entry.length > index ? id(entry[index].strip(), false) : null;
    }

    /** The file's entries split on ':', comments and blank lines skipped; null if there is no such file. */
    private static List<String[]> read(UserFiles files, String path) throws IOException {
        Path file = files.find(path);
        if (file == null || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new IOException("\"" + path + "\" exceeds " + MAX_FILE_BYTES + " bytes");
        }
        List<String[]> entries = new ArrayList<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                entries.add(trimmed.split(":", -1));
            }
        }
        return entries;
    }
}
