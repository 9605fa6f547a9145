package io.jbuild.core.build;

import io.jbuild.core.context.BuildContext;
import io.jbuild.core.context.ContextHasher;
import io.jbuild.core.context.DockerIgnore;
import io.jbuild.core.context.SourceMatch;
import io.jbuild.core.context.SourceNotFoundException;
import io.jbuild.core.fs.RootPath;
import io.jbuild.grammar.ignore.IgnoreRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The build context as COPY/ADD sources, filtered by {@code <Dockerfile>.dockerignore} or the context's
 * {@code .dockerignore} (docker's pattern semantics, {@link IgnoreRules}).
 */
final class ContextFiles {

    private ContextFiles() {
    }

    static SourceFiles open(Path contextDir, Path dockerfile) throws IOException {
        Optional<Path> ignoreFile = ignoreFile(contextDir, dockerfile);
        IgnoreRules rules = ignoreFile.isPresent() ? DockerIgnore.read(ignoreFile.get()) : IgnoreRules.NONE;
        return new SourceFiles(contextDir, rel -> !rules.excludes(rel), rules::mayReincludeBelow,
                "build context " + contextDir);
    }

    /** The context as {@link #digest} reads it, for resolving sources exactly as the cache key did. */
    static BuildContext context(Path contextDir, Path dockerfile) throws IOException {
        return BuildContext.open(contextDir, ignoreFile(contextDir, dockerfile));
    }

    /**
     * What one COPY/ADD source names in the context, resolved by the same rules (and the same code) as the cache
     * key in {@link #digest}: Go's wildcards, symlinks followed inside the context (a matched or named link copies
     * what it points to, under its own name), .dockerignore applied to every path on the way, a link's target
     * included. {@code files} is the same context as copied; the matches are host paths below its root.
     */
    static List<SourceFiles.Match> resolve(BuildContext context, SourceFiles files, String source)
            throws IOException, SourceFiles.SourceException {
        List<SourceMatch> matches;
        try {
            matches = context.resolveSource(source);
        } catch (SourceNotFoundException e) {
            String clean = RootPath.clean(source);
            throw new SourceFiles.SourceException("\"" + source + "\": not found in " + files.description()
                    + (clean.isEmpty() ? "" : " (or excluded by .dockerignore)"));
        }
        List<SourceFiles.Match> out = new ArrayList<>();
        for (SourceMatch m : matches) {
            String named = m.path().utf8().orElseThrow(() -> new IOException("cannot copy \"" + m.path()
                    + "\": its name is not valid UTF-8; jbuild cannot write such a name into a layer"));
            // The same file below the root the copy reads through (the context's real path may differ from it).
            Path host = files.root().root().resolve(context.root().relativize(m.target().file()));
            out.add(new SourceFiles.Match(named, host));
        }
        return out;
    }

    static Optional<Path> ignoreFile(Path contextDir, Path dockerfile) {
        Optional<Path> ignoreFile = DockerIgnore.nextTo(dockerfile);
        if (ignoreFile.isEmpty() && Files.isRegularFile(contextDir.resolve(DockerIgnore.FILE_NAME))) {
            ignoreFile = Optional.of(contextDir.resolve(DockerIgnore.FILE_NAME));
        }
        return ignoreFile;
    }

    /**
     * The content hash of what {@code sources} select in the context, from a cache kept in {@code cacheDir}
     * that skips files whose size, times and inode are unchanged (BuildKit's metadata check).
     */
    static String digest(Path contextDir, Path dockerfile, List<String> sources, Path cacheDir) throws IOException {
        BuildContext context = context(contextDir, dockerfile);
        List<SourceMatch> matches = new ArrayList<>();
        for (String source : sources) {
            try {
                matches.addAll(context.resolveSource(source));
            } catch (IOException e) {
                return "unhashable:" + e.getMessage(); // the copy itself reports the missing source, with its line
            }
        }
        return ContextHasher.withCache(cacheDir).hash(context, matches).digest();
    }
}
