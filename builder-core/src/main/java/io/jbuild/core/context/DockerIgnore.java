package io.jbuild.core.context;

import io.jbuild.grammar.gotext.GoText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The .dockerignore file format (moby/patternmatcher's {@code ignorefile.ReadAll}) and where docker looks for it.
 *
 * <p>Lines are split on '\n' (a '\r' before it is dropped) and a UTF-8 BOM at the start is removed. A line starting
 * with '#' is a comment (only in the first column: {@code " #x"} is the pattern {@code "#x"}). Each other line is
 * trimmed; blank lines are skipped; a leading '!' (then trimmed again) makes an exception; the rest is cleaned
 * ({@code filepath.Clean}: {@code a/../b} is {@code b}, {@code ./a/} is {@code a}) and one leading '/' is removed.
 */
public final class DockerIgnore {

    public static final String FILE_NAME = ".dockerignore";

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

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
     * Parses ignore file contents and compiles the patterns.
     *
     * @param sourceName the file's name, for messages ({@code .dockerignore line 3: ...})
     */
    public static IgnoreRules parse(byte[] content, String sourceName) throws ContextException {
        List<byte[]> patterns = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        List<byte[]> lines = GoText.lines(content);
        for (int k = 0; k < lines.size(); k++) {
            byte[] line = lines.get(k);
            if (k == 0 && GoText.startsWith(line, BOM)) {
                line = Arrays.copyOfRange(line, BOM.length, line.length);
            }
            if (line.length > 0 && line[0] == '#') {
                continue;
            }
            byte[] pattern = GoText.trimSpace(line);
            if (pattern.length == 0) {
                continue;
            }
            boolean invert = pattern[0] == '!';
            if (invert) {
                pattern = GoText.trimSpace(Arrays.copyOfRange(pattern, 1, pattern.length));
            }
            if (pattern.length > 0) {
                pattern = GoText.clean(pattern);
                if (pattern.length > 1 && pattern[0] == '/') {
                    pattern = Arrays.copyOfRange(pattern, 1, pattern.length);
                }
            }
            if (invert) {
                pattern = GoText.concat(new byte[] {'!'}, pattern);
            }
            patterns.add(pattern);
            lineNumbers.add(k + 1);
        }
        return IgnoreRules.compile(patterns, lineNumbers.stream().mapToInt(Integer::intValue).toArray(), sourceName);
    }
}
