package io.jbuild.grammar.ignore;

import io.jbuild.grammar.gotext.GoText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The .dockerignore file format (moby/patternmatcher's {@code ignorefile.ReadAll}).
 *
 * <p>Lines are split on '\n' (a '\r' before it is dropped) and a UTF-8 BOM at the start is removed. A line starting
 * with '#' is a comment (only in the first column: {@code " #x"} is the pattern {@code "#x"}). Each other line is
 * trimmed; blank lines are skipped; a leading '!' (then trimmed again) makes an exception; the rest is cleaned
 * ({@code filepath.Clean}: {@code a/../b} is {@code b}, {@code ./a/} is {@code a}) and one leading '/' is removed.
 * Where the file is looked for is the reader's business (the engine's context, the linter's options).
 */
public final class IgnoreFile {

    public static final String FILE_NAME = ".dockerignore";

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private IgnoreFile() {
    }

    /**
     * Parses ignore file contents and compiles the patterns.
     *
     * @param sourceName the file's name, for messages ({@code .dockerignore line 3: ...})
     * @throws IgnoreSyntaxException a pattern docker refuses, named with {@code sourceName} and its line
     */
    public static IgnoreRules parse(byte[] content, String sourceName) throws IgnoreSyntaxException {
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
