package io.jbuild.core.context;

import io.jbuild.grammar.ignore.IgnoreRules;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A build context directory as BuildKit would receive it: only what the .dockerignore rules send, owned by 0:0,
 * with symbolic links kept as links. Immutable; reads the file system lazily on each call, never loads a file's
 * contents into memory, and never follows a link out of the context.
 *
 * <p>The Dockerfile and the ignore file are subject to the rules like any other file: BuildKit reads the Dockerfile
 * separately (the caller does that too), and {@code COPY . /} leaves out a Dockerfile or .dockerignore that the
 * .dockerignore lists, as BuildKit's {@code testDockerignore} checks. (Docker's classic builder always sent both to
 * the daemon, which needed them.)
 */
public final class BuildContext {

    private final Path root;
    private final IgnoreRules rules;
    private final Optional<Path> ignoreFile;
    private final ContentOpener opener;
    private final ContextTree tree;
    private final SourceResolver resolver;

    private BuildContext(Path root, IgnoreRules rules, Optional<Path> ignoreFile, ContentOpener opener,
                         boolean keepHostOwnership) {
        this.root = root;
        this.rules = rules;
        this.ignoreFile = ignoreFile;
        this.opener = opener;
        this.tree = new ContextTree(root, rules, keepHostOwnership);
        this.resolver = new SourceResolver(tree);
    }

    /**
     * Opens a context directory.
     *
     * @param dockerignoreFile the ignore file to use, e.g. {@link DockerIgnore#nextTo} the Dockerfile; when empty,
     *                         the context's own {@code .dockerignore} if it has one
     */
    public static BuildContext open(Path dir, Optional<Path> dockerignoreFile) throws IOException {
        Builder b = builder(dir);
        dockerignoreFile.ifPresent(b::dockerignore);
        return b.open();
    }

    public static Builder builder(Path dir) {
        return new Builder(dir);
    }

    /** The context directory, with symbolic links resolved. */
    public Path root() {
        return root;
    }

    public IgnoreRules ignoreRules() {
        return rules;
    }

    /** The ignore file the rules came from, if any. */
    public Optional<Path> dockerignoreFile() {
        return ignoreFile;
    }

    /** Walks the whole context: the root ({@link ContextPath#ROOT}) first, then everything sent. */
    public void walk(EntryVisitor visitor) throws IOException {
        walk(ContextPath.ROOT, visitor);
    }

    /**
     * Walks {@code start} and, for a directory, everything sent below it: each directory before its contents,
     * siblings in byte order of their names. Links are reported, not followed. A socket is an empty
     * {@link EntryType#FILE}, as BuildKit's client sends one; FIFOs and device nodes are entries of type
     * {@link EntryType#OTHER}.
     *
     * @param start a path as the context has it (see {@link #resolveSource} to follow links)
     */
    public void walk(ContextPath start, EntryVisitor visitor) throws IOException {
        ContextTree.Located located = tree.locate(start, true).orElseThrow(() -> new ContextException(
                "not in build context " + root + " (missing or excluded by .dockerignore): "
                        + ContextTree.display(start)));
        tree.walk(located, e -> {
            visitor.visit(e);
            return ContextTree.Flow.CONTINUE;
        }, e -> true);
    }

    /** All entries of {@link #walk(ContextPath, EntryVisitor)} in a list (for small trees). */
    public List<ContextEntry> list(ContextPath start) throws IOException {
        List<ContextEntry> out = new ArrayList<>();
        walk(start, out::add);
        return out;
    }

    /** The entry at {@code path} if the context has it; links on the way are not followed. */
    public Optional<ContextEntry> lookup(ContextPath path) throws IOException {
        return tree.locate(path, true).map(ContextTree.Located::entry);
    }

    /**
     * Resolves one COPY/ADD source (after variable expansion) to what it copies, with BuildKit's rules: cleaned
     * against the context root (no escape with {@code ..} or absolute paths), wildcards per path segment
     * ({@code *}, {@code ?}, {@code [...]}; no {@code **}), symbolic links followed inside the context as if it
     * were "/". A wildcard that matches nothing gives an empty list, as in BuildKit.
     *
     * @throws SourceNotFoundException if a source without wildcards, or the directory before the first wildcard,
     *                                 is not in the context as sent
     * @throws ContextException        for a malformed pattern or a symbolic link loop
     */
    public List<SourceMatch> resolveSource(String source) throws IOException {
        return resolver.resolve(source);
    }

    /** Opens a file entry's contents for streaming (a socket's are empty); the caller closes the stream. */
    public InputStream openContent(ContextEntry file) throws IOException {
        if (!file.isFile()) {
            throw new ContextException("not a regular file in build context " + root + ": " + file.path());
        }
        if (file.isSocket()) {
            return InputStream.nullInputStream();
        }
        try {
            return opener.open(file);
        } catch (AccessDeniedException e) {
            throw new ContextException("cannot read " + file.path() + " in build context " + root
                    + ": permission denied", e);
        } catch (ContextException e) {
            throw e;
        } catch (IOException e) {
            throw new ContextException("cannot read " + file.path() + " in build context " + root + ": "
                    + ContextTree.reason(e), e);
        }
    }

    @Override
    public String toString() {
        return "BuildContext[" + root + (rules.isEmpty() ? "" : ", " + rules) + "]";
    }

    /** Options for opening a context; every one has a default. */
    public static final class Builder {
        private final Path dir;
        private Path dockerignore;
        private IgnoreRules rules;
        private ContentOpener opener = ContentOpener.FILES;
        private boolean keepHostOwnership;

        private Builder(Path dir) {
            this.dir = Objects.requireNonNull(dir);
        }

        /** Use this ignore file (it must exist) instead of the context's {@code .dockerignore}. */
        public Builder dockerignore(Path file) {
            this.dockerignore = Objects.requireNonNull(file);
            return this;
        }

        /** Use these rules and read no ignore file ({@link IgnoreRules#NONE} to send everything). */
        public Builder ignoreRules(IgnoreRules rules) {
            this.rules = Objects.requireNonNull(rules);
            return this;
        }

        /** How file contents are read (tests count or fail reads with it). */
        public Builder contentOpener(ContentOpener opener) {
            this.opener = Objects.requireNonNull(opener);
            return this;
        }

        /**
         * Report the host's uid and gid instead of 0:0. BuildKit's client resets them to 0 before sending, so images
         * do not depend on who checked the files out; keep the default for docker-compatible layers and cache keys.
         */
        public Builder keepHostOwnership(boolean keep) {
            this.keepHostOwnership = keep;
            return this;
        }

        public BuildContext open() throws IOException {
            Path root;
            try {
                root = dir.toRealPath();
            } catch (IOException e) {
                throw new ContextException("cannot open build context " + dir + ": " + ContextTree.reason(e), e);
            }
            if (!Files.isDirectory(root)) {
                throw new ContextException("build context is not a directory: " + dir);
            }
            if (rules != null) {
                return new BuildContext(root, rules, Optional.empty(), opener, keepHostOwnership);
            }
            if (dockerignore != null) {
                return new BuildContext(root, DockerIgnore.read(dockerignore), Optional.of(dockerignore), opener,
                        keepHostOwnership);
            }
            // The context's own .dockerignore, found as BuildKit finds it: inside the context, links followed
            // within it; a missing or unreadable one means no rules.
            BuildContext unfiltered = new BuildContext(root, IgnoreRules.NONE, Optional.empty(), opener,
                    keepHostOwnership);
            Optional<ContextEntry> file;
            try {
                file = Optional.of(unfiltered.resolver.follow(ContextPath.of(DockerIgnore.FILE_NAME),
                        DockerIgnore.FILE_NAME));
            } catch (ContextException e) {
                file = Optional.empty();
            }
            if (file.isEmpty() || !file.get().isFile()) {
                return unfiltered;
            }
            byte[] content;
            // Not through the injected opener: that one reads the files being built with, this is configuration.
            try (InputStream in = ContentOpener.FILES.open(file.get())) {
                content = in.readAllBytes();
            } catch (IOException e) {
                throw new ContextException("cannot read " + file.get().file() + ": " + ContextTree.reason(e), e);
            }
            IgnoreRules parsed = DockerIgnore.parse(content, DockerIgnore.FILE_NAME);
            return new BuildContext(root, parsed, Optional.of(file.get().file()), opener, keepHostOwnership);
        }
    }
}
