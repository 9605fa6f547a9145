package io.jbuild.core.build;

import io.jbuild.core.context.SourceWildcards;
import io.jbuild.core.fs.RootPath;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The files COPY and ADD read: the build context, or another stage's or image's file system. Source paths are
 * resolved inside the root (never out of it), wildcards match per path segment with Go's {@code filepath.Match}
 * ({@link SourceWildcards}, the matcher the context's sources and the cache key use),
 * and a source path that is a symlink is followed (inside the root), as BuildKit does.
 */
final class SourceFiles {

    private final RootPath root;
    private final Predicate<String> included;
    private final Predicate<String> descendExcluded;
    private final String description;

    /**
     * @param included        which relative paths may be read (the .dockerignore filter for a context)
     * @param descendExcluded whether an excluded directory may still hold included files (a .dockerignore exception)
     * @param description     how errors name the root, e.g. "build context" or "stage build"
     */
    SourceFiles(Path root, Predicate<String> included, Predicate<String> descendExcluded, String description) {
        this.root = new RootPath(root);
        this.included = included;
        this.descendExcluded = descendExcluded;
        this.description = description;
    }

    /** Every file of {@code root}. */
    SourceFiles(Path root, String description) {
        this(root, p -> true, p -> false, description);
    }

    boolean mayHoldIncluded(String excludedDir) {
        return descendExcluded.test(excludedDir);
    }

    RootPath root() {
        return root;
    }

    boolean isIncluded(String relative) {
        return relative.isEmpty() || included.test(relative);
    }

    /**
     * One matched source: its path relative to the root as named or as the wildcard matched it, and where it is on
     * disk, links followed.
     */
    record Match(String relative, Path path) {

        /**
         * The name a file source gets in a destination directory: the last segment as named, never the name of a
         * symlink's target (BuildKit's {@code filepath.Base(src)}: {@code COPY foo /} with {@code foo -> bar}
         * makes {@code /foo}).
         */
        String name() {
            return relative.substring(relative.lastIndexOf('/') + 1);
        }
    }

    /**
     * The sources a COPY/ADD source string names. A missing plain source is an error; a wildcard that matches
     * nothing gives none (BuildKit's AllowEmptyWildcard: {@code COPY a.txt nomatch* /} copies a.txt).
     */
    List<Match> resolve(String source) throws IOException, SourceException {
        String clean = RootPath.clean(source);
        if (!hasWildcard(clean)) {
            Path p = root.resolve(clean, true);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS) || !isIncluded(clean)) {
                throw new SourceException("\"" + source + "\": not found in " + description
                        + (clean.isEmpty() ? "" : " (or excluded by .dockerignore)"));
            }
            return List.of(new Match(clean, p));
        }
        List<Match> out = new ArrayList<>();
        glob("", clean.split("/"), 0, out);
        return out;
    }

    private void glob(String prefix, String[] segments, int i, List<Match> out) throws IOException {
        if (i == segments.length) {
            if (isIncluded(prefix)) {
                out.add(new Match(prefix, root.resolve(prefix, true)));
            }
            return;
        }
        String seg = segments[i];
        String path = prefix.isEmpty() ? seg : prefix + "/" + seg;
        if (!hasWildcard(seg)) {
            if (Files.exists(root.resolve(path, true), LinkOption.NOFOLLOW_LINKS)) {
                glob(path, segments, i + 1, out);
            }
            return;
        }
        Path dir = root.resolve(prefix, true);
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                if (SourceWildcards.matches(seg, name, String.join("/", segments))) {
                    names.add(name);
                }
            }
        }
        names.sort(null);
        for (String name : names) {
            glob(prefix.isEmpty() ? name : prefix + "/" + name, segments, i + 1, out);
        }
    }

    String description() {
        return description;
    }

    /** Whether one path segment matches one wildcard segment, as {@link #resolve} matches them. */
    static boolean segmentMatches(String pattern, String name) throws IOException {
        return SourceWildcards.matches(pattern, name, pattern);
    }

    static boolean hasWildcard(String path) {
        for (String segment : path.split("/")) {
            if (SourceWildcards.has(segment)) {
                return true;
            }
        }
        return false;
    }

    /** A source that does not exist or cannot be read. */
    static final class SourceException extends Exception {
        SourceException(String message) {
            super(message);
        }
    }
}
