package io.jbuild.core.build;

import io.jbuild.core.context.BuildContext;
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

/** What each instruction does to the image: config changes, and the entries of COPY/ADD/WORKDIR layers. */
final class Steps {

    private static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");

    /** A step that cannot be done; the message is for the user, the instruction is added by the caller. */
    static final class StepException extends Exception {
        StepException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Steps() {
    }

    /** Applies an instruction that only changes the config. */
    static void configure(Instruction in, PlannedStep step, ImageState image) throws StepException {
        if (in instanceof Instruction.Env) {
            image.env.clear();
            step.imageEnv().forEach((k, v) -> image.env.add(k + "=" + v));
        } else if (in instanceof Instruction.Label l) {
            for (KeyValue kv : l.labels()) {
                image.labels.put(kv.key(), kv.value());
            }
        } else if (in instanceof Instruction.User u) {
            image.user = u.user();
        } else if (in instanceof Instruction.Expose e) {
            image.exposedPorts.addAll(exposed(e));
        } else if (in instanceof Instruction.Volume v) {
            image.volumes.addAll(v.paths());
        } else if (in instanceof Instruction.Cmd c) {
            image.cmd = command(c.command(), image);
            image.argsEscaped = true; // BuildKit's dispatchCmd sets it for every CMD (Docker image spec compatibility)
            image.cmdSet = true;
        } else if (in instanceof Instruction.Entrypoint e) {
            image.entrypoint = e.command().map(c -> command(c, image)).orElse(new ArrayList<>());
            if (!image.cmdSet) {
                image.cmd = new ArrayList<>(); // an inherited CMD does not fit a new ENTRYPOINT
            }
        } else if (in instanceof Instruction.Shell s) {
            image.shell = new ArrayList<>(s.shell());
        } else if (in instanceof Instruction.StopSignal s) {
            image.stopSignal = s.signal();
        } else if (in instanceof Instruction.Maintainer m) {
            image.author = m.maintainer();
        } else if (in instanceof Instruction.Healthcheck h) {
            image.healthcheck = healthcheck(h.spec());
        } else if (in instanceof Instruction.Onbuild) {
            image.onBuild.add(in.meta().text().replaceFirst("(?is)^\\s*ONBUILD\\s*", ""));
        } else if (!(in instanceof Instruction.Arg)) {
            throw new StepException("is not supported here", null);
        }
    }

    /** The instruction with its expanded values, one line: the cache key's text and most history lines. */
    static String describe(Instruction in) {
        if (in instanceof Instruction.Copy c) {
            return "COPY " + flags(c.from().map(f -> "--from=" + f), c.chown().map(o -> "--chown=" + o),
                    c.chmod().map(m -> "--chmod=" + m), c.link() ? Optional.of("--link") : Optional.empty(),
                    c.parents() ? Optional.of("--parents") : Optional.empty())
                    + excludes(c.excludes()) + String.join(" ", c.sources()) + inlineNames(c.inlineSources()) + " " + c.destination();
        }
        if (in instanceof Instruction.Add a) {
            return "ADD " + flags(a.chown().map(o -> "--chown=" + o), a.chmod().map(m -> "--chmod=" + m),
                    a.checksum().map(s -> "--checksum=" + s), a.link() ? Optional.of("--link") : Optional.empty(),
                    Optional.empty())
                    + excludes(a.excludes()) + String.join(" ", a.sources()) + inlineNames(a.inlineSources()) + " " + a.destination();
        }
        if (in instanceof Instruction.Label l) {
            return "LABEL " + String.join(" ", l.labels().stream().map(kv -> kv.key() + "=" + kv.value()).toList());
        }
        if (in instanceof Instruction.Workdir w) {
            return "WORKDIR " + w.path();
        }
        if (in instanceof Instruction.User u) {
            return "USER " + u.user();
        }
        if (in instanceof Instruction.Expose e) {
            return "EXPOSE map[" + String.join(" ", e.ports().stream().map(p -> p + ":{}").toList()) + "]";
        }
        if (in instanceof Instruction.Volume v) {
            return "VOLUME " + json(v.paths());
        }
        if (in instanceof Instruction.StopSignal s) {
            return "STOPSIGNAL " + s.signal();
        }
        if (in instanceof Instruction.Env e) {
            return "ENV " + String.join(" ", e.variables().stream().map(kv -> kv.key() + "=" + kv.value()).toList());
        }
        return in.meta().text().replaceAll("\\s*\\n\\s*", " ");
    }

    private static String excludes(List<String> patterns) {
        StringBuilder b = new StringBuilder();
        patterns.forEach(p -> b.append("--exclude=").append(p).append(' '));
        return b.toString();
    }

    private static String inlineNames(List<Heredoc> docs) {
        StringBuilder b = new StringBuilder();
        for (Heredoc h : docs) {
            b.append(" <<").append(h.name());
        }
        return b.toString();
    }

    @SafeVarargs
    private static String flags(Optional<String>... flags) {
        StringBuilder b = new StringBuilder();
        for (Optional<String> f : flags) {
            f.ifPresent(v -> b.append(v).append(' '));
        }
        return b.toString();
    }

    static List<String> command(CommandLine c, ImageState image) {
        if (c instanceof CommandLine.ExecForm e) {
            return new ArrayList<>(e.arguments());
        }
        List<String> args = new ArrayList<>(image.shell.isEmpty() ? DEFAULT_SHELL : image.shell);
        args.add(((CommandLine.ShellForm) c).script());
        return args;
    }

    private static ContainerConfig.Healthcheck healthcheck(HealthcheckSpec spec) {
        if (spec instanceof HealthcheckSpec.None) {
            return ContainerConfig.Healthcheck.of(List.of("NONE"), null, null, null, null, 0);
        }
        HealthcheckSpec.Check c = (HealthcheckSpec.Check) spec;
        List<String> test = new ArrayList<>();
        if (c.command() instanceof CommandLine.ExecForm e) {
            test.add("CMD");
            test.addAll(e.arguments());
        } else {
            test.add("CMD-SHELL");
            test.add(((CommandLine.ShellForm) c.command()).script());
        }
        return ContainerConfig.Healthcheck.of(test, c.interval().orElse(null), c.timeout().orElse(null),
                c.startPeriod().orElse(null), c.startInterval().orElse(null), c.retries().orElse(0));
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

    /** The entries of a COPY or ADD, from the context or another stage. */
    /** Finds a built stage's file system by name or index, or an image's by reference, for {@code COPY --from}. */
    @FunctionalInterface
    interface Stages {
        Optional<StageRootfs> find(String nameOrIndex);
    }

    static CopyPlan copy(Instruction in, ImageState image, StageRootfs rootfs, Stages stages, BuildRequest request,
                         Instant now, Path contextCache) throws IOException, StepException {
        List<String> sources;
        List<Heredoc> inline;
        String dest;
        Optional<String> chown;
        Optional<String> chmod;
        Optional<String> from = Optional.empty();
        Optional<Boolean> unpack = Optional.of(false);
        List<String> excludes;
        Optional<String> checksum = Optional.empty();
        boolean parents = false;
        if (in instanceof Instruction.Copy c) {
            sources = c.sources();
            inline = c.inlineSources();
            dest = c.destination();
            chown = c.chown();
            chmod = c.chmod();
            from = c.from();
            excludes = c.excludes();
            parents = c.parents();
        } else {
            Instruction.Add a = (Instruction.Add) in;
            sources = a.sources();
            inline = a.inlineSources();
            dest = a.destination();
            chown = a.chown();
            chmod = a.chmod();
            unpack = a.unpack();
            checksum = a.checksum();
            excludes = a.excludes();
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
        boolean link = linked(in);
        // --link copies onto an empty tree, as BuildKit does before merging it on top: the stage's file system is
        // neither read (no destination symlinks followed, no existing directories kept) nor made for it.
        RootPath destRoot = link ? null : rootfs.root();
        Optional<Users.Owner> owner = Optional.empty();
        if (chown.isPresent()) {
            owner = Optional.of(owner(chown.get(), link && Users.isNumeric(chown.get()) ? null : rootfs.root()));
        }
        SourceFiles files;
        Optional<BuildContext> context = Optional.empty();
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
     * Whether a COPY/ADD is done as {@code --link}: BuildKit merges a linked copy only without {@code --chmod}
     * (with it, the flag has no effect).
     */
    static boolean linked(Instruction in) {
        if (in instanceof Instruction.Copy c) {
            return c.link() && c.chmod().isEmpty();
        }
        return in instanceof Instruction.Add a && a.link() && a.chmod().isEmpty();
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

    /** A JSON array of strings: how VOLUME reads in cache keys (history lines are {@link History}'s). */
    static String json(List<String> values) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            b.append(i == 0 ? "" : ",").append('"');
            for (char ch : values.get(i).toCharArray()) {
                switch (ch) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\t' -> b.append("\\t");
                    default -> {
                        if (ch < 0x20) {
                            b.append(String.format("\\u%04x", (int) ch));
                        } else {
                            b.append(ch);
                        }
                    }
                }
            }
            b.append('"');
        }
        return b.append(']').toString();
    }
}
