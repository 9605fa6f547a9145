package io.jbuild.core.build;

import io.jbuild.core.context.IgnoreRules;
import io.jbuild.core.fs.RootPath;
import io.jbuild.core.image.ContainerConfig;
import io.jbuild.core.layer.LayerEntry;
import io.jbuild.core.plan.PlannedStep;
import io.jbuild.core.registry.RegistryOptions;
import io.jbuild.grammar.ast.CommandLine;
import io.jbuild.grammar.ast.HealthcheckSpec;
import io.jbuild.grammar.ast.Heredoc;
import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.ast.KeyValue;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The entries of COPY/ADD and WORKDIR layers, and the values they and EXPOSE are checked against. */
final class Steps {

    /** A step that cannot be done; the message is for the user, the instruction is added by the caller. */
    static final class StepException extends Exception {
        StepException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Steps() {
    }

    /** The ports of an EXPOSE, each as {@code port/proto}, in order. */
    static List<String> exposed(Instruction.Expose e) throws StepException {
        List<String> out = new ArrayList<>();
        for (String port : e.ports()) {
            out.addAll(ports(port));
        }
        return out;
    }

    /** {@code 80} → {@code 80/tcp}; a range {@code 8000-8002/udp} → each port, as docker does. */
    static List<String> ports(String spec) throws StepException {
        String port = spec;
        String proto = "tcp";
        int slash = spec.indexOf('/');
        if (slash >= 0) {
            port = spec.substring(0, slash);
            proto = spec.substring(slash + 1).toLowerCase(Locale.ROOT);
        }
        if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
            throw new StepException("invalid proto \"" + proto + "\" in \"" + spec + "\"", null);
        }
        List<String> out = new ArrayList<>();
        try {
            int dash = port.indexOf('-');
            int from = Integer.parseInt(dash < 0 ? port : port.substring(0, dash));
            int to = dash < 0 ? from : Integer.parseInt(port.substring(dash + 1));
            if (from < 1 || to > 65535 || to < from) {
                throw new NumberFormatException();
            }
            for (int p = from; p <= to; p++) {
                out.add(p + "/" + proto);
            }
        } catch (NumberFormatException e) {
            throw new StepException("invalid port \"" + spec + "\"", null);
        }
        return out;
    }

    /** WORKDIR's path: relative ones continue the current working directory. */
    static String workdir(String current, String path) {
        String base = current == null ? "/" : current;
        String joined = path.startsWith("/") ? path : base + "/" + path;
        return "/" + RootPath.clean(joined);
    }

    /** The directories WORKDIR must create (owned by the current USER, as BuildKit does), or none. */
    static List<LayerEntry> mkdirs(String dir, ImageState image, StageRootfs rootfs, Instant now)
            throws IOException, StepException {
        RootPath root = rootfs.root();
        String rel = RootPath.clean(dir);
        if (rel.isEmpty() || Files.isDirectory(root.resolve(rel, true))) {
            return List.of();
        }
        Users.Owner owner = new Users.Owner(0, 0);
        if (image.user != null && !image.user.isEmpty()) {
            owner = owner(image.user, root);
        }
        CopyPlan plan = new CopyPlan(new CopyPlan.Options(Optional.of(owner), Optional.empty(), false, now,
                Optional.of(now)));
        plan.createParents(rel, true, root);
        return plan.entries();
    }

    /** Finds a built stage's file system by name or index, or an image's by reference, for {@code COPY --from}. */
    @FunctionalInterface
    interface Stages {
        Optional<StageRootfs> find(String nameOrIndex);
    }

    /** The entries of a COPY or ADD, from the context or another stage. */
    static CopyPlan copy(Instruction.FileCopy in, ImageState image, StageRootfs rootfs, Stages stages,
                         BuildRequest request, Instant now, Path contextCache) throws IOException, StepException {
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
                    throw new StepException("git sources (" + s + ") are not supported yet", null);
                }
            }
            if (checksum.isPresent() && sources.stream().anyMatch(s -> !isUrl(s))) {
                throw new StepException("--checksum works only with http(s) sources", null);
            }
        }
        if (chmod.isPresent()) {
            try {
                Permissions.validate(chmod.get());
            } catch (IllegalArgumentException e) {
                throw new StepException(e.getMessage(), null); // named at its line, not a crash
            }
        }
        boolean link = in.linked();
        // --link copies onto an empty tree, as BuildKit does before merging it on top: the stage's file system is
        // neither read (no destination symlinks followed, no existing directories kept) nor made for it.
        RootPath destRoot = link ? null : rootfs.root();
        Optional<Users.Owner> owner = Optional.empty();
        if (chown.isPresent()) {
            owner = Optional.of(owner(chown.get(), link && Users.isNumeric(chown.get()) ? null : rootfs.root()));
        }
        SourceFiles files;
        Optional<io.jbuild.core.context.BuildContext> context = Optional.empty();
        boolean keepOwners = false;
        if (from.isPresent()) {
            String name = from.get();
            StageRootfs source = stages.find(name).orElseThrow(() -> new StepException("--from=" + name
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
            throw new StepException("--exclude: " + e.getMessage(), null);
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
            String destAbs = workdir(image.workingDir, dest);
            String destRel = link ? RootPath.clean(destAbs) : destination(destAbs, destRoot);
            // An empty destination (COPY f $unset) is the working directory, as "." is (BuildKit's
            // testCopyLinkEmptyDestDir: with --link too, where no existing directory tells).
            boolean destIsDir = dest.isEmpty() || dest.endsWith("/") || dest.endsWith("/.") || dest.equals(".");
            int count = sources.size() + inline.size();
            if (count > 1 && !destIsDir) {
                throw new StepException("When using COPY with more than one source file, the destination must be a "
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
                    throw new StepException(e.getMessage(), null);
                } catch (IOException e) {
                    // A source that cannot be resolved (a symlink loop, say) is the Dockerfile's line to fix.
                    throw new StepException(e.getMessage(), e);
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
        } catch (IOException | StepException | RuntimeException e) {
            copy.close(); // downloads and unpacked archives of a failed step go too
            throw e;
        }
    }

    /**
     * The destination inside the stage's root with symlinks followed, the last one too (BuildKit resolves it with
     * continuity's fs.RootPath): {@code COPY f /link-to-dir/} writes into the link's target and
     * {@code COPY f /bin/sh} replaces the file /bin/sh points to, never leaving the root.
     */
    private static String destination(String destAbs, RootPath root) throws StepException {
        try {
            return root.relative(root.resolve(RootPath.clean(destAbs), true));
        } catch (IOException e) {
            throw new StepException("destination " + destAbs + ": " + e.getMessage(), e);
        }
    }

    /** {@code --chown} (or the USER a WORKDIR is made for) as numbers; a name the image lacks fails the step. */
    static Users.Owner owner(String spec, RootPath root) throws StepException {
        try {
            return Users.resolve(spec, root);
        } catch (IOException e) {
            throw new StepException(e.getMessage(), e);
        }
    }

    private static boolean isUrl(String s) {
        return s.regionMatches(true, 0, "http://", 0, 7) || s.regionMatches(true, 0, "https://", 0, 8);
    }

    private static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }
}
