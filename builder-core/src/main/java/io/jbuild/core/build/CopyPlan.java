package io.jbuild.core.build;

import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.fs.RootPath;
import io.jbuild.core.layer.HostXattrs;
import io.jbuild.core.layer.LayerEntry;
import io.jbuild.grammar.ignore.IgnoreRules;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The layer entries one COPY or ADD produces: docker's rules for where each source lands (directories copy
 * their contents; a trailing slash, several sources or an existing directory make the destination a directory;
 * missing parents are created), with owners, modes and times as docker sets them, and a digest of exactly what
 * goes into the layer for the cache key.
 */
final class CopyPlan implements AutoCloseable {

    /** How copied files are owned and stamped. */
    record Options(Optional<Users.Owner> owner, Optional<String> chmod, boolean keepOwners, Instant createdTime,
                   Optional<Instant> clamp, IgnoreRules exclude) {

        Options(Optional<Users.Owner> owner, Optional<String> chmod, boolean keepOwners, Instant createdTime,
                Optional<Instant> clamp) {
            this(owner, chmod, keepOwners, createdTime, clamp, IgnoreRules.NONE);
        }
    }

    private final Options options;
    private final TreeMap<String, LayerEntry> entries = new TreeMap<>();
    private final Map<Object, String> firstPathByInode = new HashMap<>();
    private final List<Path> temporary = new ArrayList<>();
    /** Paths in the layer whose bytes come from the build context, when a context digest covers them. */
    private final Set<String> contextBacked = new HashSet<>();
    private Path contextRoot;
    private String contextDigest;

    CopyPlan(Options options) {
        this.options = options;
    }

    /** A scratch directory (downloads, unpacked archives) that lives until the layer is written. */
    Path tempDir() throws IOException {
        Path dir = Files.createTempDirectory("jbuild-add-");
        temporary.add(dir);
        return dir;
    }

    @Override
    public void close() throws IOException {
        for (Path dir : temporary) {
            if (Files.exists(dir)) {
                try (var walk = Files.walk(dir)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    /** Whether the copy has made {@code path} a directory so far. */
    boolean isDirectory(String path) {
        LayerEntry e = entries.get(path);
        return e != null && e.type() == LayerEntry.Type.DIRECTORY;
    }

    /** The entries, parents before children. */
    List<LayerEntry> entries() {
        return new ArrayList<>(entries.values());
    }

    /**
     * Makes the missing parents of {@code dir} (and {@code dir} itself when {@code includeSelf}), as BuildKit's
     * copy does: owned by {@code --chown} (else root), mode 0755, or an octal {@code --chmod}'s permission bits.
     */
    void createParents(String dir, boolean includeSelf, RootPath existing) throws IOException {
        String[] parts = dir.isEmpty() ? new String[0] : dir.split("/");
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (!includeSelf && i == parts.length - 1) {
                break;
            }
            if (path.length() > 0) {
                path.append('/');
            }
            path.append(parts[i]);
            String p = path.toString();
            if (entries.containsKey(p)) {
                continue;
            }
            if (existing != null && Files.isDirectory(existing.resolve(p, true))) {
                continue;
            }
            Users.Owner o = options.owner().orElse(new Users.Owner(0, 0));
            entries.put(p, LayerEntry.directory(p, createdDirectoryMode(), o.uid(), o.gid(),
                    time(options.createdTime())));
        }
    }

    /**
     * The mode of a directory the copy creates: 0755, or the permission bits of an octal {@code --chmod} (fsutil
     * since 183e7fb, 2025: its special bits are lost on the way, Go's os.FileMode keeps them elsewhere).
     */
    private int createdDirectoryMode() {
        return chmod().filter(c -> c.matches("[0-7]{1,4}")).map(c -> Integer.parseInt(c, 8) & 0777).orElse(0755);
    }

    /** {@code --chmod}, which an unpacked archive ignores (BuildKit's unpack keeps the members' modes). */
    private Optional<String> chmod() {
        return unpacking ? Optional.empty() : options.chmod();
    }

    private boolean unpacking;
    /** While unpacking: the image's tree, and the archive's directories that have no entry of their own. */
    private RootPath unpackInto;
    private Set<String> impliedDirs = Set.of();

    /**
     * Copies an unpacked archive's tree into {@code dest} (made 0755 when missing): the members keep their owners
     * (unless {@code --chown}) and modes ({@code --chmod} does not apply), as BuildKit's ADD unpacks. As BuildKit
     * extracts into the image's tree, a directory the archive only implies (its members' parents, {@code implied})
     * that the image already has is not written, and when the image has it as a symlink to a directory
     * ({@code var/run -> /run}) the members go where the link leads, resolved inside the image's root; a directory
     * entry of the archive replaces what the image has there.
     */
    void unpacked(Path dir, String dest, SourceFiles from, RootPath existing, Set<String> implied)
            throws IOException {
        unpacking = true;
        unpackInto = existing;
        impliedDirs = implied;
        try {
            createParents(dest, true, existing);
            copy(dir, dest, from, true);
        } finally {
            unpacking = false;
            unpackInto = null;
            impliedDirs = Set.of();
        }
    }

    /**
     * Where the members below an implied directory go: the directory the image has at {@code target} (through
     * symlinks, inside its root), or null when the image has none there and the directory is to be made.
     */
    private String existingDirectory(String rel, String target) throws IOException {
        if (!unpacking || unpackInto == null || !impliedDirs.contains(rel)) {
            return null;
        }
        Path resolved = unpackInto.resolve(target, true);
        return Files.isDirectory(resolved) ? unpackInto.relative(resolved) : null;
    }

    /**
     * Copies a file, directory or symlink found at {@code source} to {@code dest}. A directory copies its
     * contents: {@code dest} itself (made by {@link #createParents} when missing) keeps its own metadata, never the
     * source directory's, as BuildKit copies (a COPY into /tmp leaves /tmp 1777).
     */
    void copy(Path source, String dest, SourceFiles from) throws IOException {
        copy(source, dest, from, options.keepOwners());
    }

    /** As {@link #copy(Path, String, SourceFiles)}, keeping the sources' owners or not (unpacked archives keep them). */
    void copy(Path source, String dest, SourceFiles from, boolean keepOwners) throws IOException {
        boolean saved = this.keepOwners;
        this.keepOwners = keepOwners;
        this.sourceRoot = source;
        firstPathByInode.clear(); // BuildKit keeps hard links within one source, not across sources
        try {
            PosixFileAttributes attrs = Files.readAttributes(source, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            capabilities = Map.of();
            if (keepCapabilities) {
                capabilities = capabilities(source, attrs.isDirectory());
            }
            if (!attrs.isDirectory() && source.getFileName() != null
                    && options.exclude().excludes(source.getFileName().toString())) {
                return; // COPY --exclude: a file source is matched by its name
            }
            if (attrs.isDirectory()) {
                copyChildren(source, dest, from);
            } else {
                put(dest, source, attrs);
            }
        } finally {
            this.keepOwners = saved;
        }
    }

    /**
     * {@code COPY --parents}: what {@code source} matches keeps its path under {@code dest}, as BuildKit copies the
     * contents of a pivot directory filtered by an include pattern. The pivot is the root, or what precedes a
     * {@code /./} in the source ({@code x/./y/*.txt} keeps {@code y/...}), and may itself have wildcards (each
     * directory it matches is a pivot: {@code a/b* /./c}); the pattern follows docker's .dockerignore syntax
     * ({@code **} too), a directory it matches comes whole, and the directories between {@code dest} and a match are
     * copied with their own metadata. A source with wildcards that matches nothing copies nothing; one without must
     * exist, as BuildKit requires ({@code "/nonexistent-file": not found}).
     */
    void withParents(String source, SourceFiles from, String dest, RootPath existing) throws IOException,
            SourceFiles.SourceException {
        int cut = source.indexOf("/./");
        String pivot = cut < 0 ? "" : RootPath.clean(source.substring(0, cut));
        String pattern = RootPath.clean(cut < 0 ? source : source.substring(cut + 3));
        List<Path> pivots = new ArrayList<>();
        if (SourceFiles.hasWildcard(pivot)) {
            for (SourceFiles.Match m : from.resolve(pivot)) {
                if (Files.isDirectory(m.path())) {
                    pivots.add(m.path());
                }
            }
        } else {
            Path pivotDir = from.root().resolve(pivot, true);
            if (!Files.isDirectory(pivotDir) && cut >= 0 && Files.exists(pivotDir)) {
                throw new SourceFiles.SourceException("\"" + source + "\": " + pivot + " is not a directory in "
                        + from.description());
            }
            if (!SourceFiles.hasWildcard(pattern)) {
                String required = pivot.isEmpty() ? pattern : pattern.isEmpty() ? pivot : pivot + "/" + pattern;
                if (!from.root().exists(required) || !from.isIncluded(required)) {
                    throw new SourceFiles.SourceException("\"/" + required + "\": not found in "
                            + from.description() + (required.isEmpty() ? "" : " (or excluded by .dockerignore)"));
                }
            }
            if (Files.isDirectory(pivotDir)) {
                pivots.add(pivotDir);
            }
        }
        createParents(dest, true, existing);
        IncludePattern include = new IncludePattern(pattern);
        this.keepOwners = options.keepOwners();
        for (Path pivotDir : pivots) {
            this.sourceRoot = pivotDir;
            firstPathByInode.clear();
            includeChildren(pivotDir, "", dest, from, include, new ArrayList<>());
        }
    }

    private void includeChildren(Path dir, String relDir, String dest, SourceFiles from, IncludePattern include,
                                 List<Path[]> between) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(children::add);
        }
        children.sort(null);
        for (Path child : children) {
            String name = child.getFileName().toString();
            String rel = relDir.isEmpty() ? name : relDir + "/" + name;
            String target = (dest.isEmpty() ? "" : dest + "/") + name;
            PosixFileAttributes attrs = Files.readAttributes(child, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!from.isIncluded(from.root().relative(child)) || options.exclude().excludes(rel)) {
                continue; // .dockerignore and --exclude hold for --parents too
            }
            if (include.matches(rel)) {
                for (Path[] d : between) {
                    String t = d[1].toString();
                    if (!entries.containsKey(t)) {
                        put(t, d[0], Files.readAttributes(d[0], PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
                    }
                }
                put(target, child, attrs);
                if (attrs.isDirectory()) {
                    copyChildren(child, target, from);
                }
            } else if (attrs.isDirectory() && include.mayMatchBelow(rel)) {
                List<Path[]> inner = new ArrayList<>(between);
                inner.add(new Path[] {child, Path.of(target)});
                includeChildren(child, rel, target, from, include, inner);
            }
        }
    }

    /** One {@code --parents} pattern: .dockerignore matching (a match of a parent counts), and pruning of the walk. */
    private static final class IncludePattern {
        private final String[] segments;
        private final IgnoreRules rules;

        IncludePattern(String pattern) throws IOException {
            this.segments = pattern.isEmpty() ? new String[0] : pattern.split("/");
            this.rules = pattern.isEmpty() ? IgnoreRules.NONE : IgnoreRules.of(List.of(pattern));
        }

        boolean matches(String rel) {
            return segments.length == 0 || rules.excludes(rel);
        }

        /** Whether something below the unmatched directory {@code rel} can match: its segments fit the pattern's. */
        boolean mayMatchBelow(String rel) throws IOException {
            String[] parts = rel.split("/");
            for (int i = 0; i < parts.length; i++) {
                if (i >= segments.length) {
                    return false;
                }
                if (segments[i].contains("**")) {
                    return true;
                }
                if (!SourceFiles.segmentMatches(segments[i], parts[i])) {
                    return false;
                }
            }
            return parts.length < segments.length;
        }
    }

    private boolean keepOwners;
    private boolean keepCapabilities;
    /** The file capabilities below the source being copied, by host path. */
    private Map<Path, byte[]> capabilities = Map.of();

    /**
     * Copies carry the sources' file capabilities ({@code security.capability}), as BuildKit's copy keeps xattrs
     * and its differ keeps that one: for {@code --from} a stage or an image, whose files a RUN may have given
     * them. One getfattr per source (none when the attr package is missing).
     */
    void keepCapabilities() {
        keepCapabilities = true;
    }

    private static Map<Path, byte[]> capabilities(Path source, boolean directory) throws IOException {
        if (!directory) {
            return HostXattrs.readOne(source, HostXattrs.CAPABILITY).map(c -> Map.of(source, c)).orElse(Map.of());
        }
        Map<Path, byte[]> out = new HashMap<>();
        HostXattrs.read(source, HostXattrs.CAPABILITY).forEach((rel, c) -> out.put(source.resolve(rel), c));
        return out;
    }

    /** The directory being copied, against which {@code --exclude} patterns are matched. */
    private Path sourceRoot;

    private void copyChildren(Path dir, String dest, SourceFiles from) throws IOException {
        copyChildren(dir, dest, from, new ArrayList<>());
    }

    /**
     * {@code deferred}: excluded directories entered only because an exception may re-include something below;
     * they are written (as parents) only once something inside them is.
     */
    private void copyChildren(Path dir, String dest, SourceFiles from, List<Path[]> deferred) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(children::add);
        }
        children.sort(null);
        for (Path child : children) {
            String rel = from.root().relative(child);
            String target = (dest.isEmpty() ? "" : dest + "/") + child.getFileName();
            PosixFileAttributes attrs = Files.readAttributes(child, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            String inSource = sourceRoot.relativize(child).toString();
            if (options.exclude().excludes(inSource)
                    && !(attrs.isDirectory() && options.exclude().mayReincludeBelow(inSource))) {
                continue;
            }
            if (!from.isIncluded(rel)) {
                if (attrs.isDirectory() && from.mayHoldIncluded(rel)) {
                    List<Path[]> inner = new ArrayList<>(deferred);
                    inner.add(new Path[] {child, Path.of(target)});
                    copyChildren(child, target, from, inner);
                }
                continue;
            }
            for (Path[] d : deferred) {
                String t = d[1].toString();
                if (!entries.containsKey(t)) {
                    checkName(d[0]);
                    put(t, d[0], Files.readAttributes(d[0], PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
                }
            }
            checkName(child);
            String into = attrs.isDirectory() ? existingDirectory(rel, target) : null;
            if (into != null) {
                copyChildren(child, into, from, List.of());
                continue;
            }
            put(target, child, attrs);
            if (attrs.isDirectory()) {
                copyChildren(child, target, from, List.of());
            }
        }
    }

    /**
     * Refuses a name layer entries cannot spell. Java gives names as text: one that is not valid UTF-8 (in the
     * JVM's file name encoding) would reach the layer changed, and two such names could collide, so it is refused,
     * named, instead.
     */
    private static void checkName(Path child) throws IOException {
        if (!child.resolveSibling(child.getFileName().toString()).equals(child)) {
            throw new IOException("cannot copy " + shown(child) + ": its name is not valid UTF-8; jbuild cannot"
                    + " write such a name into a layer");
        }
    }

    /** A path for messages: undecodable bytes shown as {@code ?}. */
    private static String shown(Path p) {
        return "\"" + p.toString().replace('\uFFFD', '?') + "\"";
    }

    private void put(String dest, Path source, PosixFileAttributes a) throws IOException {
        long uid = keepOwners ? ((Number) Files.getAttribute(source, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue() : 0;
        long gid = keepOwners ? ((Number) Files.getAttribute(source, "unix:gid", LinkOption.NOFOLLOW_LINKS)).longValue() : 0;
        if (options.owner().isPresent()) {
            uid = options.owner().get().uid();
            gid = options.owner().get().gid();
        }
        int mode = ((Number) Files.getAttribute(source, "unix:mode", LinkOption.NOFOLLOW_LINKS)).intValue() & 07777;
        Instant mtime = time(a.lastModifiedTime().toInstant());
        if (a.isSymbolicLink()) {
            Path link = Files.readSymbolicLink(source);
            if (!Path.of(link.toString()).equals(link)) {
                throw new IOException("cannot copy " + shown(source) + ": its link target " + shown(link)
                        + " is not valid UTF-8; jbuild cannot write such a target into a layer");
            }
            entries.put(dest, LayerEntry.symlink(dest, link.toString(), uid, gid, mtime));
            return;
        }
        if (chmod().isPresent()) {
            mode = Permissions.apply(chmod().get(), mode, a.isDirectory());
        }
        if (a.isDirectory()) {
            entries.put(dest, LayerEntry.directory(dest, mode, uid, gid, mtime));
        } else if (a.isRegularFile()) {
            Object inode = a.fileKey();
            int links = ((Number) Files.getAttribute(source, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).intValue();
            if (links > 1 && inode != null && firstPathByInode.containsKey(inode)) {
                entries.put(dest, LayerEntry.hardlink(dest, firstPathByInode.get(inode), mode, uid, gid, mtime));
                return;
            }
            if (links > 1 && inode != null) {
                firstPathByInode.put(inode, dest);
            }
            byte[] capability = capabilities.get(source);
            entries.put(dest, new LayerEntry(dest, LayerEntry.Type.FILE, mode, uid, gid, a.size(), mtime, "",
                    () -> Files.newInputStream(source), capability == null ? Map.of()
                            : Map.of(HostXattrs.CAPABILITY, capability), 0, 0));
            if (contextRoot != null && source.startsWith(contextRoot)) {
                contextBacked.add(dest);
            }
        } else if (a.isOther() && isSocket(source)) {
            // BuildKit's client sends a socket as an empty regular file, which its copy then keeps (testCopySocket).
            entries.put(dest, LayerEntry.file(dest, mode, uid, gid, 0, mtime, InputStream::nullInputStream));
        }
        // FIFOs and devices are not copied, as docker does not copy them from a context either.
    }

    private static boolean isSocket(Path p) throws IOException {
        return (((Number) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)).intValue() & 0170000)
                == 0140000;
    }

    /** A file made from text (a heredoc source). */
    void inline(String dest, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Users.Owner o = options.owner().orElse(new Users.Owner(0, 0));
        int mode = options.chmod().map(c -> Permissions.apply(c, 0644, false)).orElse(0644);
        entries.put(dest, LayerEntry.file(dest, mode, o.uid(), o.gid(), bytes.length, time(options.createdTime()),
                () -> new ByteArrayInputStream(bytes)));
    }

    private Instant time(Instant t) {
        return options.clamp().filter(c -> c.isBefore(t)).orElse(t);
    }

    /**
     * The contents of files copied from {@code root} are covered by {@code digest} (the build context's content
     * hash, kept between builds), so computing the cache key does not read them again.
     */
    void contextContentCoveredBy(Path root, String digest) {
        this.contextRoot = root.toAbsolutePath().normalize();
        this.contextDigest = digest;
    }

    /** A digest of everything the layer will hold except times: paths, types, modes, owners, links, contents. */
    String contentDigest() throws IOException {
        MessageDigest md = sha256();
        if (contextDigest != null) {
            md.update(("context " + contextDigest + "\n").getBytes(StandardCharsets.UTF_8));
        }
        for (LayerEntry e : entries.values()) {
            md.update((e.path() + "\0" + e.type() + "\0" + Integer.toOctalString(e.mode()) + "\0" + e.uid() + "\0"
                    + e.gid() + "\0" + e.linkTarget() + "\0" + e.size() + "\0").getBytes(StandardCharsets.UTF_8));
            if (e.type() == LayerEntry.Type.FILE && !contextBacked.contains(e.path())) {
                try (InputStream in = e.content().open()) {
                    byte[] buf = new byte[1 << 16];
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        md.update(buf, 0, n);
                    }
                }
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static MessageDigest sha256() {
        return Digest.newMessageDigest(Digest.SHA256);
    }
}
