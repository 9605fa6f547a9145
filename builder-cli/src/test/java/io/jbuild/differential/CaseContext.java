package io.jbuild.differential;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Makes the build context both builders read: a copy of the case's {@code context/} with normalized modes
 * (0644, or 0755 when executable; directories 0755), then the case's {@code prepare} steps, then one fixed
 * modification time on every path, so that the report can tell which builder keeps context times.
 */
final class CaseContext {

    static final Instant CONTEXT_MTIME = Instant.parse("2021-02-03T04:05:06Z");

    private CaseContext() {
    }

    static Path create(CaseSpec spec, Path into) throws IOException {
        Files.createDirectories(into);
        Path source = spec.contextSource();
        if (Files.isDirectory(source)) {
            copyTree(source, into);
        }
        for (CaseSpec.Prepare p : spec.prepare()) {
            prepare(into, p);
        }
        if (spec.dockerfileInContext().isPresent()) {
            Files.copy(spec.dockerfile(), into.resolve(spec.dockerfileInContext().get()));
        }
        setTimes(into);
        return into;
    }

    private static void copyTree(Path source, Path into) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path d = into.resolve(source.relativize(dir).toString());
                Files.createDirectories(d);
                Files.setPosixFilePermissions(d, mode(0755));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path f = into.resolve(source.relativize(file).toString());
                if (attrs.isSymbolicLink()) {
                    Files.createSymbolicLink(f, Files.readSymbolicLink(file));
                } else {
                    Files.copy(file, f);
                    Files.setPosixFilePermissions(f, mode(Files.isExecutable(file) ? 0755 : 0644));
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void prepare(Path root, CaseSpec.Prepare p) throws IOException {
        Path path = root.resolve(p.path());
        if (!path.normalize().startsWith(root)) {
            throw new IOException("prepare path outside the context: " + p.path());
        }
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        switch (p.op()) {
            case "mkdir" -> Files.createDirectories(path);
            case "symlink" -> Files.createSymbolicLink(path, Path.of(p.to()));
            case "hardlink" -> Files.createLink(path, root.resolve(p.to()));
            case "write" -> Files.writeString(path, p.content());
            case "socket" -> { // a unix socket file; it stays when the channel closes
                try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                    server.bind(UnixDomainSocketAddress.of(path));
                }
            }
            case "chmod" -> Files.setAttribute(path, "unix:mode", Integer.parseInt(p.mode(), 8)); // with setuid etc.
            case "host" -> {
                Path host = Path.of(p.from());
                if (!Files.isRegularFile(host)) {
                    throw new IOException("host file " + host + " is missing (see the case's description)");
                }
                Files.copy(host, path); // a symlink's target: the context holds the real file
                Files.setPosixFilePermissions(path, mode(Files.isExecutable(host) ? 0755 : 0644));
            }
            default -> throw new IOException("unknown prepare op " + p.op());
        }
    }

    private static void setTimes(Path root) throws IOException {
        List<Path> all = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.forEach(all::add);
        }
        all.sort(Comparator.comparingInt(Path::getNameCount).reversed()); // children before their directory
        FileTime t = FileTime.from(CONTEXT_MTIME);
        for (Path p : all) {
            Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setTimes(t, t, null);
        }
    }

    private static Set<PosixFilePermission> mode(int bits) {
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] all = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE
        for (int i = 0; i < 9; i++) {
            if ((bits & (1 << (8 - i))) != 0) {
                out.add(all[i]);
            }
        }
        return out;
    }
}
