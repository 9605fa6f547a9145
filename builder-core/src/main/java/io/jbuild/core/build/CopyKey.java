package io.jbuild.core.build;

import io.jbuild.grammar.ast.Instruction;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The cache key of a COPY or ADD, from the instruction and what it copies, before anything is copied. */
final class CopyKey {

    private CopyKey() {
    }

    /**
     * The cache key of a COPY/ADD computed without building its entries: the step's key, the instruction, the
     * content hash of its context sources (cached by file metadata), the key of a {@code --from} stage, heredoc
     * bodies. Empty when only the fetched content can tell (ADD of a URL without --checksum).
     */
    static Optional<String> of(Instruction in, String key, BuildSession cx) throws IOException {
        // "copy 3": COPY/ADD layers follow destination symlinks and keep destination directories since version 2,
        // carry their parent directories since 3; keys of layers made before must not match.
        StringBuilder k = new StringBuilder(key).append("\ncopy 3\n").append(Steps.describe(in)).append('\n');
        List<String> sources;
        Optional<String> from = Optional.empty();
        List<io.jbuild.grammar.ast.Heredoc> inline;
        if (in instanceof Instruction.Copy c) {
            if (c.parents()) {
                return Optional.empty(); // its include patterns are matched while copying; the copy's digest decides
            }
            sources = c.sources();
            from = c.from();
            inline = c.inlineSources();
        } else {
            Instruction.Add a = (Instruction.Add) in;
            sources = new ArrayList<>();
            for (String s : a.sources()) {
                if (s.regionMatches(true, 0, "http://", 0, 7) || s.regionMatches(true, 0, "https://", 0, 8)) {
                    if (a.checksum().isEmpty()) {
                        return Optional.empty();
                    }
                    k.append("url ").append(s).append(' ').append(a.checksum().get()).append('\n');
                } else {
                    sources.add(s);
                }
            }
            inline = a.inlineSources();
            k.append("unpack ").append(a.unpack()).append('\n');
        }
        for (io.jbuild.grammar.ast.Heredoc h : inline) {
            k.append("heredoc ").append(h.name()).append('\n').append(h.effectiveContent()).append('\n');
        }
        if (from.isPresent()) {
            String name = from.get();
            Optional<String> stageKey = cx.stages().stage(name).map(o -> o.key().hex());
            if (stageKey.isEmpty()) {
                return Optional.empty();
            }
            k.append("from ").append(stageKey.get()).append('\n');
        } else if (!sources.isEmpty()) {
            k.append("context ").append(ContextFiles.digest(cx.request().contextDir(), cx.request().dockerfile(), sources,
                    cx.contextCache())).append('\n');
        }
        return Optional.of(StepKey.sha256(k.toString()));
    }

    /**
     * Where a {@code --link} copy's key starts: the working directory (a relative destination uses it) or, when
     * {@code --chown} names users the image's files resolve, the whole chain (the names depend on the layers below).
     */
    static String linkBase(Instruction in, ImageState image, String key) {
        Optional<String> chown = in instanceof Instruction.Copy c ? c.chown() : ((Instruction.Add) in).chown();
        if (chown.isPresent() && !Users.isNumeric(chown.get())) {
            return key;
        }
        return StepKey.sha256("link\n" + image.workingDir);
    }
}
