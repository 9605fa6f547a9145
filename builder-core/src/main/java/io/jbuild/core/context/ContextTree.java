package io.jbuild.core.context;

import io.jbuild.grammar.ignore.IgnoreRules;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The context as BuildKit's daemon sees it after the transfer: the files the .dockerignore rules include, plus the
 * directories above them (fsutil sends an excluded directory when an exception re-includes something inside it).
 * Reads the host file system lazily and never follows symbolic links.
 */
final class ContextTree {

    private static final String ATTRIBUTES = "unix:mode,uid,gid,size,lastModifiedTime,ctime,ino,dev,nlink,rdev";

    private final Path root;
    private final IgnoreRules rules;
    private final boolean keepHostOwnership;

    ContextTree(Path root, IgnoreRules rules, boolean keepHostOwnership) {
        this.root = root;
        this.rules = rules;
        this.keepHostOwnership = keepHostOwnership;
    }

    /** What a walk callback wants next. */
    enum Flow { CONTINUE, SKIP_SUBTREE, STOP }

    interface Sink {
        Flow accept(ContextEntry entry) throws IOException;
    }

    /** A path of the view, with the match state its children start from. {@code included} is false for a
     * directory that is excluded but present because something below it is re-included. */
    record Located(ContextEntry entry, IgnoreRules.MatchState state, boolean included) {
    }

    Path root() {
        return root;
    }

    Path host(ContextPath path) {
        return HostPaths.resolve(root, path.rawBytes());
    }

    /** lstat of a path whose parents are real directories; empty if it does not exist. */
    Optional<ContextEntry> stat(ContextPath path) throws IOException {
        Path host;
        try {
            host = host(path);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // InvalidPathException: a name no file can have (a NUL from a Dockerfile)
        }
        return stat(host, path);
    }

    private Optional<ContextEntry> stat(Path host, ContextPath path) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(host, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException | NotDirectoryException e) {
            return Optional.empty();
        } catch (FileSystemException e) {
            if (e.getReason() != null && e.getReason().contains("Not a directory")) {
                return Optional.empty();
            }
            throw new ContextException("cannot stat " + path + " in build context " + root + ": " + reason(e), e);
        }
        int mode = (Integer) a.get("mode");
        EntryType type = switch (mode & ContextEntry.TYPE_MASK) {
            // BuildKit's client sends a socket as an empty regular file (testCopySocket): so is it here.
            case 0100000, ContextEntry.SOCKET -> EntryType.FILE;
            case 0040000 -> EntryType.DIRECTORY;
            case 0120000 -> EntryType.SYMLINK;
            default -> EntryType.OTHER;
        };
        Optional<LinkTarget> target = Optional.empty();
        if (type == EntryType.SYMLINK) {
            try {
                target = Optional.of(new LinkTarget(HostPaths.pathBytes(Files.readSymbolicLink(host))));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
        }
        int uid = keepHostOwnership ? (Integer) a.get("uid") : 0;
        int gid = keepHostOwnership ? (Integer) a.get("gid") : 0;
        long size = type == EntryType.DIRECTORY || (mode & ContextEntry.TYPE_MASK) == ContextEntry.SOCKET ? 0
                : (Long) a.get("size");
        return Optional.of(new ContextEntry(path, type, mode, uid, gid, size,
                instant(a.get("lastModifiedTime")), instant(a.get("ctime")), target,
                new FileIdentity((Long) a.get("dev"), (Long) a.get("ino")), (Integer) a.get("nlink"),
                (Long) a.get("rdev"), host));
    }

    private static Instant instant(Object time) {
        return ((FileTime) time).toInstant();
    }

    /**
     * Finds {@code path} in the view. With {@code exact} false, an excluded directory that exceptions might
     * re-include something under counts as present without looking inside (enough for the directories on the way
     * to another path: if that path is present, so are they).
     */
    Optional<Located> locate(ContextPath path, boolean exact) throws IOException {
        IgnoreRules.MatchState state = rules.rootState();
        if (path.isRoot()) {
            return stat(root, ContextPath.ROOT).map(e -> new Located(e, rules.rootState(), true));
        }
        List<byte[]> segments = path.segments();
        ContextPath current = ContextPath.ROOT;
        for (int k = 0; k < segments.size(); k++) {
            current = current.resolve(segments.get(k));
            Optional<ContextEntry> entry = stat(current);
            if (entry.isEmpty()) {
                return Optional.empty();
            }
            ContextEntry e = entry.get();
            IgnoreRules.Match m = rules.match(current.rawBytes(), state);
            boolean last = k == segments.size() - 1;
            if (!last) {
                if (!e.isDirectory() || (m.excluded() && rules.canSkipExcludedDir(current.rawBytes()))) {
                    return Optional.empty();
                }
                state = m.state();
                continue;
            }
            if (!m.excluded()) {
                return Optional.of(new Located(e, m.state(), true));
            }
            if (e.isDirectory() && !rules.canSkipExcludedDir(current.rawBytes())) {
                Located pending = new Located(e, m.state(), false);
                if (!exact || hasPresentDescendant(pending)) {
                    return Optional.of(pending);
                }
            }
            return Optional.empty();
        }
        throw new AssertionError("unreachable");
    }

    private boolean hasPresentDescendant(Located excludedDir) throws IOException {
        boolean[] found = {false};
        walk(excludedDir, e -> {
            found[0] = true;
            return Flow.STOP;
        }, e -> true);
        return found[0];
    }

    /** A directory being walked. */
    private static final class Frame {
        final ContextEntry entry;
        final IgnoreRules.MatchState state;
        boolean emitted;
        List<Child> children;
        int next;

        Frame(ContextEntry entry, IgnoreRules.MatchState state, boolean emitted) {
            this.entry = entry;
            this.state = state;
            this.emitted = emitted;
        }
    }

    private record Child(byte[] name, Path host) {
    }

    /**
     * Depth-first walk of the view from {@code start}: the start first (if it is included), then each directory's
     * entries in byte order of their names, each directory before its contents. An excluded directory is sent
     * right before the first entry below it that is included, as fsutil does; if nothing is, it is never sent.
     *
     * @param mayDescend whether to look inside a directory at all (an excluded one is still sent alone if
     *                   something below it is included)
     * @return false if the sink stopped the walk
     */
    boolean walk(Located start, Sink sink, Predicate<ContextEntry> mayDescend) throws IOException {
        if (start.included()) {
            Flow flow = sink.accept(start.entry());
            if (flow != Flow.CONTINUE) {
                return flow != Flow.STOP;
            }
        }
        if (!start.entry().isDirectory()) {
            return true;
        }
        List<Frame> stack = new ArrayList<>();
        stack.add(new Frame(start.entry(), start.state(), start.included()));
        while (!stack.isEmpty()) {
            Frame frame = stack.get(stack.size() - 1);
            if (frame.children == null) {
                frame.children = list(frame);
            }
            if (frame.next == frame.children.size()) {
                stack.remove(stack.size() - 1);
                continue;
            }
            Child child = frame.children.get(frame.next++);
            ContextPath path = frame.entry.path().resolve(child.name());
            Optional<ContextEntry> found = stat(child.host(), path);
            if (found.isEmpty()) {
                continue; // vanished since the listing
            }
            ContextEntry e = found.get();
            IgnoreRules.Match m = rules.match(path.rawBytes(), frame.state);
            if (e.isDirectory()) {
                if (m.excluded()) {
                    if (rules.canSkipExcludedDir(path.rawBytes())) {
                        continue;
                    }
                    if (mayDescend.test(e)) {
                        stack.add(new Frame(e, m.state(), false));
                    } else if (hasPresentDescendant(new Located(e, m.state(), false))) {
                        Flow flow = emit(stack, e, sink);
                        if (flow == Flow.STOP) {
                            return false;
                        }
                    }
                    continue;
                }
                Flow flow = emit(stack, e, sink);
                if (flow == Flow.STOP) {
                    return false;
                }
                if (flow == Flow.CONTINUE && mayDescend.test(e)) {
                    stack.add(new Frame(e, m.state(), true));
                }
            } else if (!m.excluded()) {
                if (emit(stack, e, sink) == Flow.STOP) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Sends the excluded directories above {@code e} that were not sent yet, then {@code e}. If the sink skips one of
     * those directories, the walk leaves it (the stack is cut there) and {@code e} is not sent.
     */
    private static Flow emit(List<Frame> stack, ContextEntry e, Sink sink) throws IOException {
        for (int k = 0; k < stack.size(); k++) {
            Frame f = stack.get(k);
            if (f.emitted) {
                continue;
            }
            f.emitted = true;
            Flow flow = sink.accept(f.entry);
            if (flow == Flow.STOP) {
                return Flow.STOP;
            }
            if (flow == Flow.SKIP_SUBTREE) {
                stack.subList(k, stack.size()).clear();
                return Flow.SKIP_SUBTREE;
            }
        }
        return sink.accept(e);
    }

    private List<Child> list(Frame frame) throws IOException {
        List<Child> children = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(frame.entry.file())) {
            for (Path p : dir) {
                children.add(new Child(HostPaths.nameBytes(p), p));
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return List.of(); // vanished or replaced since it was seen
        } catch (IOException e) {
            if (!frame.emitted && e instanceof AccessDeniedException) {
                return List.of(); // excluded anyway; fsutil ignores permission errors on skipped paths
            }
            throw new ContextException("cannot read directory " + display(frame.entry.path()) + " in build context "
                    + root + ": " + reason(e), e);
        }
        children.sort((a, b) -> Arrays.compareUnsigned(a.name(), b.name()));
        return children;
    }

    static String display(ContextPath path) {
        return path.isRoot() ? "." : path.toString();
    }

    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return String.valueOf(e.getMessage());
    }
}
