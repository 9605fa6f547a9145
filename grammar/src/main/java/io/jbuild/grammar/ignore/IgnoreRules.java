package io.jbuild.grammar.ignore;

import io.jbuild.grammar.glob.GoGlob;
import io.jbuild.grammar.gotext.GoText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The exclude patterns of a .dockerignore with docker's semantics (moby/patternmatcher as BuildKit's context transfer
 * uses it): patterns apply in order and the last one that matches a path decides; a {@code !} pattern re-includes;
 * a pattern that matches a directory matches everything below it. The one matcher of .dockerignore patterns: the
 * engine's context walk, COPY's {@code --exclude} and {@code --parents}, and the linter's CopyIgnoredFile ask it.
 *
 * <p>Immutable and thread-safe.
 */
public final class IgnoreRules {

    /** No patterns: everything is included. */
    public static final IgnoreRules NONE = new IgnoreRules(List.of(), "");

    /** Bytes a pattern may contain that make fsutil walk every excluded directory (it cannot prefix-match them). */
    private static final byte[] GLOB_BYTES = "*[]?^\\".getBytes(StandardCharsets.US_ASCII);

    private final List<IgnorePattern> patterns;
    private final String source;
    private final boolean exceptions;
    private final boolean onlyPrefixExceptions;

    private IgnoreRules(List<IgnorePattern> patterns, String source) {
        this.patterns = List.copyOf(patterns);
        this.source = source;
        this.exceptions = patterns.stream().anyMatch(IgnorePattern::exclusion);
        this.onlyPrefixExceptions = patterns.stream().filter(IgnorePattern::exclusion)
                .noneMatch(p -> containsAny(p.withoutTrailingGlob(), GLOB_BYTES));
    }

    /**
     * Compiles patterns as {@code patternmatcher.New} does: each is trimmed and cleaned ({@code filepath.Clean}), blank
     * ones are dropped, a leading {@code !} makes an exception, and each must be valid {@code filepath.Match} syntax.
     * Use {@link IgnoreFile} for the file format (comments, leading '/').
     */
    public static IgnoreRules of(List<String> patterns) throws IgnoreSyntaxException {
        List<byte[]> bytes = new ArrayList<>();
        for (String p : patterns) {
            bytes.add(GoText.utf8(p));
        }
        return compile(bytes, null, "patterns");
    }

    /**
     * @param lines the 1-based line of each pattern in its file, for messages; null if not from a file
     */
    static IgnoreRules compile(List<byte[]> raw, int[] lines, String source) throws IgnoreSyntaxException {
        List<IgnorePattern> compiled = new ArrayList<>();
        for (int k = 0; k < raw.size(); k++) {
            byte[] p = GoText.trimSpace(raw.get(k));
            if (p.length == 0) {
                continue;
            }
            p = GoText.clean(p);
            boolean exclusion = p[0] == '!';
            String where = source + (lines != null ? " line " + lines[k] : "");
            if (exclusion) {
                if (p.length == 1) {
                    throw new IgnoreSyntaxException(where + ": illegal exclusion pattern: \"!\"");
                }
                p = Arrays.copyOfRange(p, 1, p.length);
            }
            try {
                compiled.add(IgnorePattern.compile(p, exclusion));
            } catch (GoGlob.BadPatternException e) {
                throw new IgnoreSyntaxException(where + ": syntax error in pattern \"" + GoText.display(p) + "\"");
            }
        }
        return new IgnoreRules(compiled, source);
    }

    /** The compiled patterns, exceptions with their '!', in order. */
    public List<String> patterns() {
        return patterns.stream().map(IgnorePattern::toString).toList();
    }

    /** Where the patterns came from (a file name), for messages. */
    public String source() {
        return source;
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    /** Whether some pattern re-includes ({@code !}), patternmatcher's {@code Exclusions}. */
    public boolean hasExceptions() {
        return exceptions;
    }

    /**
     * Whether {@code path} (relative to the context, '/'-separated) is excluded, looking at the path and each of its
     * parent directories ({@code MatchesOrParentMatches}). The context walk uses the equivalent incremental form.
     */
    public boolean excludes(String path) {
        byte[] p = GoText.clean(GoText.utf8(path));
        if (p.length == 1 && p[0] == '.') {
            return false; // the context root itself is never excluded
        }
        return matchesOrParentMatches(p);
    }

    /**
     * patternmatcher's {@code MatchesOrParentMatches} on {@code path} as given ('/'-separated, not cleaned here, the
     * root not treated apart): BuildKit's CopyIgnoredFile asks it with a COPY source, {@code filepath.Clean}ed.
     */
    public boolean matchesOrParentMatches(String path) {
        return matchesOrParentMatches(GoText.utf8(path));
    }

    private boolean matchesOrParentMatches(byte[] file) {
        boolean matched = false;
        String runes = GoText.runeString(file);
        List<byte[]> parents = parentDirs(file);
        for (IgnorePattern pattern : patterns) {
            if (pattern.exclusion() != matched) {
                continue; // cannot change the outcome
            }
            boolean match = pattern.matches(file, runes);
            for (int k = 0; !match && k < parents.size(); k++) {
                byte[] parent = parents.get(k);
                match = pattern.matches(parent, GoText.runeString(parent));
            }
            if (match) {
                matched = !pattern.exclusion();
            }
        }
        return matched;
    }

    /**
     * The parents as {@code MatchesOrParentMatches} lists them: {@code filepath.Dir} split at each '/' ("a", "a/b"
     * for "a/b/c"; "" and "/" for "/x"; none for "x").
     */
    private static List<byte[]> parentDirs(byte[] file) {
        int slash = -1;
        for (int k = 0; k < file.length; k++) {
            if (file[k] == '/') {
                slash = k;
            }
        }
        byte[] dir = GoText.clean(Arrays.copyOf(file, slash + 1));
        List<byte[]> out = new ArrayList<>();
        if (dir.length == 1 && dir[0] == '.') {
            return out;
        }
        for (int k = 0; k <= dir.length; k++) {
            if (k == dir.length || dir[k] == '/') {
                out.add(Arrays.copyOf(dir, k));
            }
        }
        return out;
    }

    /** "a", "a/b" for "a/b/c". */
    private static List<byte[]> parentPrefixes(byte[] file) {
        List<byte[]> out = new ArrayList<>();
        for (int k = 0; k < file.length; k++) {
            if (file[k] == '/') {
                out.add(Arrays.copyOf(file, k));
            }
        }
        return out;
    }

    /** Which patterns matched a directory; its children inherit those matches (fsutil's MatchInfo). */
    public static final class MatchState {
        private static final MatchState ROOT = new MatchState(null);
        private final boolean[] parentMatched;

        private MatchState(boolean[] parentMatched) {
            this.parentMatched = parentMatched;
        }
    }

    /** The outcome for one path: excluded or not, and the state its children start from. */
    public record Match(boolean excluded, MatchState state) {
    }

    /** The state of the context root, where a walk starts. */
    public MatchState rootState() {
        return MatchState.ROOT;
    }

    /**
     * {@code MatchesUsingParentResults}: matches {@code path} given its parent directory's state. A pattern that
     * matched the parent counts as matching the child, so {@code dir} excludes {@code dir/x} and {@code !dir/keep}
     * still re-includes {@code dir/keep}.
     *
     * @param file a clean path relative to the context root, '/'-separated, as the file system's bytes (not changed)
     */
    public Match match(byte[] file, MatchState parent) {
        if (patterns.isEmpty()) {
            return new Match(false, MatchState.ROOT);
        }
        String runes = GoText.runeString(file);
        boolean[] inherited = parent.parentMatched;
        boolean[] now = new boolean[patterns.size()];
        boolean matched = false;
        for (int k = 0; k < patterns.size(); k++) {
            IgnorePattern pattern = patterns.get(k);
            boolean match = inherited != null && inherited[k];
            if (!match) {
                if (pattern.exclusion() != matched) {
                    continue;
                }
                match = pattern.matches(file, runes);
                if (!match && inherited == null) {
                    // No state from a parent: check the parent directories themselves.
                    for (byte[] prefix : parentPrefixes(file)) {
                        if (pattern.matches(prefix, GoText.runeString(prefix))) {
                            match = true;
                            break;
                        }
                    }
                }
            }
            now[k] = match;
            if (match) {
                matched = !pattern.exclusion();
            }
        }
        return new Match(matched, new MatchState(now));
    }

    /** Whether an exception might re-include something inside the excluded directory {@code dir}. */
    public boolean mayReincludeBelow(String dir) {
        byte[] rooted = GoText.clean(GoText.concat(new byte[] {'/'}, GoText.utf8(dir)));
        return !canSkipExcludedDir(Arrays.copyOfRange(rooted, 1, rooted.length));
    }

    /**
     * Whether an excluded directory can be skipped without looking inside: true unless an exception pattern could
     * re-include something below it (fsutil's rule: exceptions that are plain paths are checked by prefix; any
     * exception with a wildcard forces walking every excluded directory).
     *
     * @param dir a clean path relative to the context root, as {@link #match} takes it
     */
    public boolean canSkipExcludedDir(byte[] dir) {
        if (!onlyPrefixExceptions) {
            return false;
        }
        if (!exceptions) {
            return true;
        }
        byte[] dirSlash = GoText.concat(dir, new byte[] {'/'});
        for (IgnorePattern p : patterns) {
            if (p.exclusion() && GoText.startsWith(GoText.concat(p.withoutTrailingGlob(), new byte[] {'/'}),
                    dirSlash)) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsAny(byte[] s, byte[] chars) {
        for (byte b : s) {
            for (byte c : chars) {
                if (b == c) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return source + " " + patterns();
    }
}
