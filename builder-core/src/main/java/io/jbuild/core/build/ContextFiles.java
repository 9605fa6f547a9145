package io.jbuild.core.build;

import io.jbuild.core.context.DockerIgnore;
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
        Optional<Path> ignoreFile = DockerIgnore.nextTo(dockerfile);
        if (ignoreFile.isEmpty() && Files.isRegularFile(contextDir.resolve(DockerIgnore.FILE_NAME))) {
            ignoreFile = Optional.of(contextDir.resolve(DockerIgnore.FILE_NAME));
        }
        IgnoreRules rules = ignoreFile.isPresent() ? DockerIgnore.read(ignoreFile.get()) : IgnoreRules.NONE;
        return new SourceFiles(contextDir, rel -> !rules.excludes(rel), rules::mayReincludeBelow,
                "build context " + contextDir);
    }
}
