package io.jbuild.core.build;

import io.jbuild.core.context.BuildContext;
import io.jbuild.core.context.ContextHasher;
import io.jbuild.core.context.DockerIgnore;
import io.jbuild.core.context.SourceMatch;
import java.util.ArrayList;
import java.util.List;
import io.jbuild.core.context.IgnoreRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        BuildContext context = BuildContext.open(contextDir, ignoreFile(contextDir, dockerfile));
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
