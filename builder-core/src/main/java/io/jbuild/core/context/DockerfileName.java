package io.jbuild.core.context;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which file a Dockerfile path names. Asked for {@code Dockerfile} (the default, or {@code -f DIR/Dockerfile}) that
 * is not there, BuildKit reads {@code dockerfile} beside it (moby/moby#10858; dockerui's {@code ReadEntrypoint});
 * when both exist, {@code Dockerfile} is used.
 */
public final class DockerfileName {

    /** The name docker looks for when no {@code -f} is given. */
    public static final String DEFAULT = "Dockerfile";

    /** The lower-case spelling BuildKit accepts in its place. */
    static final String LOWER_CASE = "dockerfile";

    private DockerfileName() {
    }

    /** {@code asked}, or its lower-case sibling when {@code asked} is a missing {@code Dockerfile} and that exists. */
    public static Path resolve(Path asked) {
        Path name = asked.getFileName();
        if (name == null || !name.toString().equals(DEFAULT) || Files.isRegularFile(asked)) {
            return asked;
        }
        Path lower = asked.resolveSibling(LOWER_CASE);
        return Files.isRegularFile(lower) ? lower : asked;
    }
}
