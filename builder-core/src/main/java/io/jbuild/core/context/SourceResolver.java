package io.jbuild.core.context;

import io.jbuild.grammar.glob.GoGlob;
import io.jbuild.grammar.gotext.GoText;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Resolves COPY/ADD sources against the context with BuildKit's rules (dockerfile2llb + fsutil's copy):
 *
 * <ul>
 *   <li>the source is joined to "/" and cleaned first, so {@code ..} cannot climb out and absolute paths are
 *       relative to the context root ({@code ../../etc/passwd} is {@code etc/passwd} of the context);</li>
 *   <li>from the first segment with a wildcard on, the rest is a {@code filepath.Match} pattern ({@code *},
 *       {@code ?}, {@code [...]}, {@code \} escapes; {@code **} is not special) matched against the paths below the
 *       part before it; a matched directory is not searched further; no match is not an error
 *       ({@code AllowEmptyWildcard});</li>
 *   <li>symbolic links are evaluated as if the context were "/" ({@code containerd/continuity RootPath}): an
 *       absolute target or one with too many {@code ..} stays inside, so a link to {@code /etc} names the
 *       context's own {@code etc}; the last segment is followed too ({@code FollowSymlinks}); links below a copied
 *       directory are copied as links (by the walk, not here);</li>
 *   <li>only what the .dockerignore rules send exists.</li>
 * </ul>
 */
final class SourceResolver {

    /** continuity's limit before "too many links". */
    private static final int MAX_LINKS = 255;

    private final ContextTree tree;

    SourceResolver(ContextTree tree) {
        this.tree = tree;
    }

    List<SourceMatch> resolve(String source) throws IOException {
        ContextPath cleaned = ContextPath.of(source);
        List<byte[]> segments = cleaned.segments();
        int wild = 0;
        while (wild < segments.size() && !GoGlob.containsWildcards(segments.get(wild))) {
            wild++;
        }
        if (wild == segments.size()) {
            return List.of(new SourceMatch(cleaned, follow(cleaned, source)));
        }
        ContextPath prefix = ContextPath.ROOT;
        for (int k = 0; k < wild; k++) {
            prefix = prefix.resolve(segments.get(k));
        }
        byte[] pattern = GoText.join(segments.subList(wild, segments.size()), (byte) '/');
        ContextEntry base = follow(prefix, source);
        List<ContextPath> matched = match(base, pattern, source);
        List<SourceMatch> out = new ArrayList<>();
        for (ContextPath m : matched) {
            out.add(new SourceMatch(m, follow(m, source)));
        }
        return out;
    }

    /** The paths below {@code base} that {@code pattern} matches, relative to it, in walk order. */
    private List<ContextPath> match(ContextEntry base, byte[] pattern, String source) throws IOException {
        // '*' and '?' never match '/', so without a class a match has exactly as many segments as the pattern.
        int maxDepth = Integer.MAX_VALUE;
        if (indexOf(pattern, (byte) '[') < 0) {
            maxDepth = 1;
            for (byte b : pattern) {
                if (b == '/') {
                    maxDepth++;
                }
            }
        }
        int depthLimit = maxDepth;
        ContextPath basePath = base.path();
        ContextTree.Located start = tree.locate(basePath, true).orElseThrow();
        List<ContextPath> out = new ArrayList<>();
        tree.walk(start, e -> {
            if (e.path().equals(basePath)) {
                return ContextTree.Flow.CONTINUE;
            }
            ContextPath rel = e.path().relativeTo(basePath);
            try {
                if (!GoGlob.match(pattern, rel.rawBytes())) {
                    return ContextTree.Flow.CONTINUE;
                }
            } catch (GoGlob.BadPatternException bad) {
                throw new ContextException(source + ": syntax error in pattern", bad);
            }
            out.add(e.path());
            return e.isDirectory() ? ContextTree.Flow.SKIP_SUBTREE : ContextTree.Flow.CONTINUE;
        }, dir -> dir.path().relativeTo(basePath).depth() < depthLimit);
        if (out.isEmpty()) {
            // Go checks the whole pattern even when nothing is compared; report a malformed one.
            try {
                GoGlob.match(pattern, new byte[0]);
            } catch (GoGlob.BadPatternException bad) {
                throw new ContextException(source + ": syntax error in pattern", bad);
            }
        }
        return out;
    }

    /**
     * Evaluates every symbolic link on {@code path} inside the context, the last one included, and returns the entry
     * it ends at. Fails if a part is missing, excluded, not a directory, or links loop.
     */
    ContextEntry follow(ContextPath path, String source) throws IOException {
        List<byte[]> queue = new ArrayList<>(path.segments());
        ContextPath current = ContextPath.ROOT;
        ContextEntry last = null;
        int links = 0;
        while (!queue.isEmpty()) {
            byte[] segment = queue.remove(0);
            ContextPath candidate = current.resolve(segment);
            Optional<ContextTree.Located> found = tree.locate(candidate, queue.isEmpty());
            if (found.isEmpty()) {
                throw new SourceNotFoundException(source, tree.root(), "file does not exist");
            }
            ContextEntry e = found.get().entry();
            if (e.isSymlink()) {
                if (++links > MAX_LINKS) {
                    throw new ContextException("failed to resolve " + source + " in build context " + tree.root()
                            + ": too many levels of symbolic links (at " + candidate + ")");
                }
                byte[] target = e.linkTarget().orElseThrow().rawBytes();
                byte[] joined = target.length > 0 && target[0] == '/'
                        ? target
                        : GoText.concat(GoText.concat(current.rawBytes(), new byte[] {'/'}), target);
                List<byte[]> next = new ArrayList<>(ContextPath.ofBytes(joined).segments());
                next.addAll(queue);
                queue = next;
                current = ContextPath.ROOT;
            } else {
                if (!queue.isEmpty() && !e.isDirectory()) {
                    throw new SourceNotFoundException(source, tree.root(), "not a directory");
                }
                current = candidate;
                last = e;
            }
        }
        if (current.isRoot()) {
            return tree.locate(ContextPath.ROOT, true).orElseThrow().entry();
        }
        return last;
    }

    private static int indexOf(byte[] s, byte b) {
        for (int i = 0; i < s.length; i++) {
            if (s[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
