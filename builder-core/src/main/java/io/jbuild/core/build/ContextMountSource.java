package io.jbuild.core.build;

import io.jbuild.core.context.DockerIgnore;
import io.jbuild.core.fs.RootPath;
import io.jbuild.grammar.ignore.IgnoreRules;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;

/**
 * The host path a {@code RUN --mount=type=bind} of the build context shows, with {@code .dockerignore} applied as
 * BuildKit applies it to every use of the context: without ignore rules the context path itself; with them a
 * view of the selected subtree under {@code work} that holds only what the rules let through (hard links where
 * the file system allows, else copies; owners, modes and times kept). The mount is read-only or goes through a
 * throw-away overlay, so the context never changes.
 */
final class ContextMountSource {

    private ContextMountSource() {
    }

    /**
     * @param source the mount's {@code source}, relative to the context root ("" or "." for all of it)
     * @param work   an empty directory of the build's to hold the view; the caller deletes it after the run
     */
    static Path resolve(Path contextDir, Path dockerfile, String source, Path work) throws IOException {
        RootPath root = new RootPath(contextDir);
        Path host = root.resolve(RootPath.clean(source), true);
        Optional<Path> ignoreFile = ContextFiles.ignoreFile(contextDir, dockerfile);
        if (ignoreFile.isEmpty()) {
            return host;
        }
        IgnoreRules rules = DockerIgnore.read(ignoreFile.get());
        String rel = root.relative(host);
        if (!rel.isEmpty() && rules.excludes(rel)
                && !(Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS) && rules.mayReincludeBelow(rel))) {
            throw new IOException("\"" + source + "\" is excluded by " + ignoreFile.get().getFileName());
        }
        if (!Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
            return host; // the mount reports what is missing
        }
        Path view = work.resolve("view");
        copy(host, view, rel, rules);
        return view;
    }

    private static void copy(Path from, Path to, String baseRel, IgnoreRules rules) throws IOException {
        Deque<Path> made = new ArrayDeque<>();
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                String rel = rel(dir);
                if (!dir.equals(from) && rules.excludes(rel) && !rules.mayReincludeBelow(rel)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectory(target(dir));
                made.push(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!file.equals(from) && rules.excludes(rel(file))) {
                    return FileVisitResult.CONTINUE;
                }
                Path t = target(file);
                if (attrs.isSymbolicLink()) {
                    Files.createSymbolicLink(t, Files.readSymbolicLink(file));
                    keepOwner(file, t);
                } else if (attrs.isRegularFile()) {
                    try {
                        Files.createLink(t, file);
                    } catch (FileSystemException e) {
                        Files.copy(file, t, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                        keepOwner(file, t);
                    }
                } // sockets, devices and FIFOs of a context are never sent by BuildKit either
                return FileVisitResult.CONTINUE;
            }

            private String rel(Path p) {
                String below = from.relativize(p).toString();
                return baseRel.isEmpty() ? below : below.isEmpty() ? baseRel : baseRel + "/" + below;
            }

            private Path target(Path p) {
                return p.equals(from) ? to : to.resolve(from.relativize(p).toString());
            }
        });
        // Directories last: adding entries changed their times.
        while (!made.isEmpty()) {
            Path dir = made.pop();
            Path t = dir.equals(from) ? to : to.resolve(from.relativize(dir).toString());
            Map<String, Object> a = Files.readAttributes(dir, "unix:mode,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(t, "unix:mode", (Integer) a.get("mode") & 07777, LinkOption.NOFOLLOW_LINKS);
            keepOwner(dir, t);
            Files.setAttribute(t, "basic:lastModifiedTime", a.get("lastModifiedTime"), LinkOption.NOFOLLOW_LINKS);
        }
    }

    private static void keepOwner(Path from, Path to) throws IOException {
        Map<String, Object> a = Files.readAttributes(from, "unix:uid,gid", LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(to, "unix:uid", a.get("uid"), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(to, "unix:gid", a.get("gid"), LinkOption.NOFOLLOW_LINKS);
    }
}
