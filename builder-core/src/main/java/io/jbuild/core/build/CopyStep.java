package io.jbuild.core.build;

import io.jbuild.core.context.BuildContext;
import io.jbuild.core.fs.RootPath;
import io.jbuild.core.registry.RegistryOptions;
import io.jbuild.grammar.ast.Heredoc;
import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.ignore.IgnoreRules;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * COPY and ADD, the one owner of their step: the cache key computed before any file is copied ({@link #key}, a
 * {@link StepKey}, with {@link #linkBase} for {@code --link}), the entries of the layer ({@link #plan}, a
 * {@link CopyPlan} over {@link SourceFiles} or {@link ContextFiles}, whose sources match with the same Go wildcards
 * as the key's) and the history line ({@link #history}).
 */
final class CopyStep {

    private CopyStep() {
    }

    /**
     * Where a {@code --link} copy's key starts: the working directory (a relative destination uses it) or, when
     * {@code --chown} names users the image's files resolve, the whole chain (the names depend on the layers below).
     */
    static StepKey linkBase(Instruction.FileCopy in, ImageState image, StepKey key) {
        Optional<String> chown = in.chown();
        if (chown.isPresent() && !Users.isNumeric(chown.get())) {
            return key;
        }
        return StepKey.linkStart(image.workingDir);
    }

    /**
     * The cache key of a COPY/ADD computed without building its entries: the step's key, the instruction, the
     * content hash of its context sources (cached by file metadata), the key of a {@code --from} stage, heredoc
     * bodies; {@code stageKeys} gives a built stage's key by name or index. Empty when only the fetched content can
     * tell (ADD of a URL without --checksum).
     */
    static Optional<StepKey> key(Instruction.FileCopy in, StepKey key, BuildRequest request, Path contextCache,
                                 Function<String, Optional<StepKey>> stageKeys) throws IOException {
        if (in instanceof Instruction.Copy c && c.parents()) {
            return Optional.empty(); // its include patterns are matched while copying; the copy's digest decides
        }
        StringBuilder k = new StringBuilder();
        List<String> sources = in.sources();
        Optional<String> from = in.from();
        List<Heredoc> inline = in.inlineSources();
        if (in instanceof Instruction.Add a) {
            sources = new ArrayList<>();
            for (String s : a.sources()) {
                if (isUrl(s)) {
                    if (a.checksum().isEmpty()) {
                        return Optional.empty();
                    }
                    k.append("url ").append(s).append(' ').append(a.checksum().get()).append('\n');
                } else {
                    sources.add(s);
                }
            }
            k.append("unpack ").append(a.unpack()).append('\n');
        }
        for (Heredoc h : inline) {
            k.append("heredoc ").append(h.name()).append('\n').append(h.effectiveContent()).append('\n');
        }
        if (from.isPresent()) {
            Optional<StepKey> stageKey = stageKeys.apply(from.get());
            if (stageKey.isEmpty()) {
                return Optional.empty();
            }
            k.append("from ").append(stageKey.get().hex()).append('\n');
        } else if (!sources.isEmpty()) {
            k.append("context ").append(ContextFiles.digest(request.contextDir(), request.dockerfile(), sources,
                    contextCache)).append('\n');
        }
        return Optional.of(key.copy(KeyText.of(in), k.toString()));
    }

    /**
     * COPY/ADD: the name, {@code --parents}, {@code --chown}, {@code --chmod}, the sources, heredoc names and the
     * destination; BuildKit leaves {@code --from}, {@code --link}, {@code --exclude} and {@code --checksum} out.
     */
    static String history(Instruction.FileCopy in) {
        StringBuilder b = new StringBuilder(in.name());
        if (in instanceof Instruction.Copy c && c.parents()) {
            b.append(" --parents");
        }
        flags(b, in.chown(), in.chmod());
        in.sources().forEach(s -> b.append(' ').append(s));
        in.inlineSources().forEach(h -> b.append(" <<").append(h.name()));
        return b.append(' ').append(in.destination()).append(" # buildkit").toString();
    }

    private static void flags(StringBuilder b, Optional<String> chown, Optional<String> chmod) {
        chown.ifPresent(o -> b.append(" --chown=").append(o));
        chmod.ifPresent(m -> b.append(" --chmod=").append(m));
    }

    /** The entries of a COPY or ADD, from the context or another stage. */
    static CopyPlan plan(Instruction.FileCopy in, ImageState image, StageRootfs rootfs, Steps.Stages stages,
                         BuildRequest request, Instant now, Path contextCache) throws IOException, Steps.StepException {
        List<String> sources = in.sources();
        List<Heredoc> inline = in.inlineSources();
        String dest = in.destination();
        Optional<String> chown = in.chown();
        Optional<String> chmod = in.chmod();
        Optional<String> from = in.from();
        Optional<Boolean> unpack = Optional.of(false);
        List<String> excludes = in.excludes();
        Optional<String> checksum = Optional.empty();
        boolean parents = in instanceof Instruction.Copy c && c.parents();
        if (in instanceof Instruction.Add a) {
            unpack = a.unpack();
            checksum = a.checksum();
            for (String s : sources) {
                if (s.matches("(?i)^git://.*") || (isUrl(s) && s.endsWith(".git"))) {
                    throw new Steps.StepException("git sources (" + s + ") are not supported yet", null);
                }
            }
            if (checksum.isPresent() && sources.stream().anyMatch(s -> !isUrl(s))) {
                throw new Steps.StepException("--checksum works only with http(s) sources", null);
            }
        }
        if (chmod.isPresent()) {
            try {
                Permissions.validate(chmod.get());
            } catch (IllegalArgumentException e) {
                throw new Steps.StepException(e.getMessage(), null); // named at its line, not a crash
            }
        }
        boolean link = in.linked();
        // --link copies onto an empty tree, as BuildKit does before merging it on top: the stage's file system is
        // neither read (no destination symlinks followed, no existing directories kept) nor made for it.
        // Only looked at (names, types, owners, /etc/passwd): metadata snapshots serve, no base file's bytes needed.
        RootPath destRoot = link ? null : rootfs.lookingRoot();
        Optional<Users.Owner> owner = Optional.empty();
        if (chown.isPresent()) {
            owner = Optional.of(Steps.owner(chown.get(), link && Users.isNumeric(chown.get()) ? null
                    : rootfs.lookingRoot()));
        }
        SourceFiles files;
        Optional<BuildContext> context = Optional.empty();
        boolean keepOwners = false;
        if (from.isPresent()) {
            String name = from.get();
            StageRootfs source = stages.find(name).orElseThrow(() -> new Steps.StepException("--from=" + name
                    + ": no stage of that name and no such image in the local store (pull or load it first)", null));
            files = new SourceFiles(source.path(), "--from=" + name);
            keepOwners = true;
        } else {
            files = ContextFiles.open(request.contextDir(), request.dockerfile());
            context = Optional.of(ContextFiles.context(request.contextDir(), request.dockerfile()));
        }
        Optional<Instant> clamp = request.sourceDateEpoch();
        IgnoreRules exclude;
        try {
            exclude = IgnoreRules.of(excludes);
        } catch (IOException e) {
            throw new Steps.StepException("--exclude: " + e.getMessage(), null);
        }
        CopyPlan copy = new CopyPlan(new CopyPlan.Options(owner, chmod, keepOwners, now, clamp, exclude));
        if (from.isPresent()) {
            copy.keepCapabilities();
        }
        if (from.isEmpty() && in instanceof Instruction.Copy && !parents) {
            // The context hash is cached by file metadata: an unchanged context is not read again. (--parents
            // patterns select differently from plain sources: their content is read and hashed as copied.)
            copy.contextContentCoveredBy(request.contextDir(),
                    ContextFiles.digest(request.contextDir(), request.dockerfile(), sources, contextCache));
        }
        try {
            String destAbs = Steps.workdir(image.workingDir, dest);
            String destRel = link ? RootPath.clean(destAbs) : destination(destAbs, destRoot);
            // An empty destination (COPY f $unset) is the working directory, as "." is (BuildKit's
            // testCopyLinkEmptyDestDir: with --link too, where no existing directory tells).
            boolean destIsDir = dest.isEmpty() || dest.endsWith("/") || dest.endsWith("/.") || dest.equals(".");
            int count = sources.size() + inline.size();
            if (count > 1 && !destIsDir) {
                throw new Steps.StepException("When using COPY with more than one source file, the destination must be a "
                        + "directory and end with a /", null);
            }
            for (Heredoc h : inline) {
                String target = destIsDir ? join(destRel, h.name()) : destRel;
                copy.createParents(target, false, destRoot);
                copy.inline(target, h.effectiveContent());
            }
            boolean isAdd = in instanceof Instruction.Add;
            for (String source : sources) {
                if (isAdd && isUrl(source)) {
                    // Bounded by the transfer limits of the options for the URL's host, as a pull from it would be.
                    URI uri = URI.create(source);
                    RegistryOptions net = request.registries().options(uri.getPort() < 0 ? uri.getHost()
                            : uri.getHost() + ":" + uri.getPort());
                    AddSources.Download d = AddSources.fetch(source, checksum, copy.tempDir(), net.transfers(),
                            net.timeout());
                    String target = destIsDir ? join(destRel, d.name()) : destRel;
                    copy.createParents(target, false, destRoot);
                    copy.copy(d.file(), target, files, false);
                    continue;
                }
                List<SourceFiles.Match> matches;
                try {
                    if (parents) {
                        copy.withParents(source, files, destRel, destRoot);
                        continue;
                    }
                    matches = context.isPresent() ? ContextFiles.resolve(context.get(), files, source)
                            : files.resolve(source);
                } catch (SourceFiles.SourceException e) {
                    throw new Steps.StepException(e.getMessage(), null);
                } catch (IOException e) {
                    // A source that cannot be resolved (a symlink loop, say) is the Dockerfile's line to fix.
                    throw new Steps.StepException(e.getMessage(), e);
                }
                for (SourceFiles.Match m : matches) {
                    boolean isDir = Files.isDirectory(m.path());
                    if (isAdd && !isDir && unpack.orElse(true) && Files.isRegularFile(m.path(), LinkOption.NOFOLLOW_LINKS)
                            && AddSources.isArchive(m.path())) { // (opening a FIFO to look would block)
                        Path unpacked = copy.tempDir();
                        Set<String> implied = AddSources.unpack(m.path(), unpacked);
                        copy.unpacked(unpacked, destRel, new SourceFiles(unpacked, "archive " + source), destRoot,
                                implied);
                        continue;
                    }
                    if (isDir) {
                        copy.createParents(destRel, true, destRoot);
                        copy.copy(m.path(), destRel, files);
                    } else {
                        // As BuildKit copies each match in turn: into the destination when it is a directory by
                        // now (a trailing slash, one in the image, one an earlier source made), else as it. So
                        // COPY f*.go out.go with one match makes the file /out.go; with several, the last wins.
                        boolean intoDir = destIsDir || copy.isDirectory(destRel)
                                || destRoot != null && Files.isDirectory(destRoot.resolve(destRel, true));
                        String target = intoDir ? join(destRel, m.name()) : destRel;
                        copy.createParents(target, false, destRoot);
                        copy.copy(m.path(), target, files);
                    }
                }
            }
            return copy;
        } catch (IOException | Steps.StepException | RuntimeException e) {
            copy.close(); // downloads and unpacked archives of a failed step go too
            throw e;
        }
    }

    /**
     * The destination inside the stage's root with symlinks followed, the last one too (BuildKit resolves it with
     * continuity's fs.RootPath): {@code COPY f /link-to-dir/} writes into the link's target and
     * {@code COPY f /bin/sh} replaces the file /bin/sh points to, never leaving the root.
     */
    private static String destination(String destAbs, RootPath root) throws Steps.StepException {
        try {
            return root.relative(root.resolve(RootPath.clean(destAbs), true));
        } catch (IOException e) {
            throw new Steps.StepException("destination " + destAbs + ": " + e.getMessage(), e);
        }
    }

    private static boolean isUrl(String s) {
        return s.regionMatches(true, 0, "http://", 0, 7) || s.regionMatches(true, 0, "https://", 0, 8);
    }

    private static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }
}
