package io.jbuild.core.context;

import io.jbuild.grammar.gotext.GoText;
import io.jbuild.grammar.ignore.IgnoreFile;
import io.jbuild.grammar.ignore.IgnoreRules;
import io.jbuild.grammar.ignore.IgnoreSyntaxException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where docker looks for a build's .dockerignore, and reading it as a {@link ContextException} reports: the format
 * and the matching are the grammar's {@link IgnoreFile} and {@link IgnoreRules}, which the linter uses too.
 */
public final class DockerIgnore {

    public static final String FILE_NAME = IgnoreFile.FILE_NAME;

    private DockerIgnore() {
    }

    /**
     * The ignore file specific to a Dockerfile, {@code <dockerfile>.dockerignore} beside it (e.g.
     * {@code build/Dockerfile.prod.dockerignore}), which BuildKit reads in preference to the context's
     * {@code .dockerignore}; empty if there is no such file.
     */
    public static Optional<Path> nextTo(Path dockerfile) {
        Path absolute = dockerfile.toAbsolutePath();
        Path candidate = HostPaths.resolve(absolute.getParent(),
                GoText.concat(HostPaths.nameBytes(absolute), GoText.utf8(FILE_NAME)));
        if (Files.isRegularFile(candidate)) {
            return Optional.of(candidate);
        }
        // BuildKit, asked for Dockerfile and reading dockerfile in its place, looks for Dockerfile.dockerignore
        if (absolute.getFileName().toString().equals(DockerfileName.LOWER_CASE)) {
            Path asked = absolute.resolveSibling(DockerfileName.DEFAULT + FILE_NAME);
            return Files.isRegularFile(asked) ? Optional.of(asked) : Optional.empty();
        }
        return Optional.empty();
    }

    /** Reads and compiles an ignore file. */
    public static IgnoreRules read(Path file) throws IOException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ContextException("cannot read " + file + ": " + ContextTree.reason(e), e);
        }
        return parse(content, file.toString());
    }

    /**
     * Parses ignore file contents and compiles the patterns ({@link IgnoreFile#parse}).
     *
     * @param sourceName the file's name, for messages ({@code .dockerignore line 3: ...})
     */
    static IgnoreRules parse(byte[] content, String sourceName) throws ContextException {
        try {
            return IgnoreFile.parse(content, sourceName);
        } catch (IgnoreSyntaxException e) {
            throw new ContextException(e.getMessage(), e);
        }
    }
}
