package io.jbuild.core.exec;

import io.jbuild.core.fs.RootPath;
import io.jbuild.grammar.ast.RunMount;
import java.nio.file.Path;

/**
 * What a parsed {@code --mount} ({@link RunMount}, the grammar's one reading of the flag) means on this host: its
 * cache id, its secret's id and file, and the {@link ContainerMount} a step runs with.
 */
public final class RunMounts {

    private RunMounts() {
    }

    /** The cache's id: as written, else the target cleaned like Go's path.Clean (BuildKit's default). */
    public static String cacheId(RunMount m) {
        if (m.id() != null && !m.id().isEmpty()) {
            return m.id();
        }
        String target = m.target();
        String clean = RootPath.clean(target);
        return target.startsWith("/") ? "/" + clean : clean.isEmpty() ? "." : clean;
    }

    /** A secret's id: {@code id}, else {@code source}, else the target's file name. */
    public static String secretId(RunMount m) {
        if (m.source() != null && !m.source().isEmpty()) {
            return m.source();
        }
        if (m.id() != null && !m.id().isEmpty()) {
            return m.id();
        }
        return m.target() == null ? "" : Path.of(m.target()).getFileName().toString();
    }

    /**
     * Where a secret file goes: the target, else {@code /run/secrets/ID}; null if the secret only goes into an
     * environment variable ({@code env=} without a target).
     */
    public static String secretTarget(RunMount m) {
        if (m.target() != null && !m.target().isEmpty()) {
            return m.target();
        }
        if (m.env() != null) {
            return null;
        }
        return "/run/secrets/" + Path.of(secretId(m)).getFileName();
    }

    /**
     * The mount to run with.
     *
     * @param workdir    the step's working directory (relative targets are below it)
     * @param hostSource for bind: the host directory or file ({@code source} inside {@code from}, the context or an
     *                   image, resolved by the caller); for secret: the secret's file; otherwise ignored
     */
    public static ContainerMount toContainerMount(RunMount m, String workdir, Path hostSource) {
        if (m.type() == RunMount.Type.SSH) {
            throw new IllegalArgumentException("--mount type=ssh is not supported yet");
        }
        String absolute = m.type() == RunMount.Type.SECRET ? secretTarget(m) : absolute(m.target(), workdir);
        if (absolute == null) {
            throw new IllegalArgumentException("secret " + secretId(m) + " goes to $" + m.env()
                    + " only; it has no file");
        }
        return switch (m.type()) {
            case CACHE -> {
                if (m.from() != null && !m.from().isEmpty()) {
                    throw new IllegalArgumentException("--mount type=cache,from=" + m.from() + ": cache mounts based "
                            + "on a stage or image are not supported yet");
                }
                yield new ContainerMount.Cache(absolute, cacheId(m), sharing(m.sharing()), m.readOnly(),
                        m.mode() == null ? 0755 : m.mode(), m.uid() == null ? 0 : m.uid(),
                        m.gid() == null ? 0 : m.gid());
            }
            case BIND -> new ContainerMount.Bind(absolute, require(m, hostSource), m.readOnly());
            case TMPFS -> new ContainerMount.Tmpfs(absolute, m.sizeBytes());
            case SECRET -> new ContainerMount.Secret(absolute(absolute, workdir), require(m, hostSource),
                    m.mode() == null ? 0400 : m.mode(), m.uid() == null ? 0 : m.uid(), m.gid() == null ? 0 : m.gid());
            case SSH -> throw new IllegalArgumentException("--mount type=ssh is not supported yet");
        };
    }

    private static ContainerMount.Sharing sharing(RunMount.Sharing s) {
        if (s == null) {
            return ContainerMount.Sharing.SHARED;
        }
        return switch (s) {
            case SHARED -> ContainerMount.Sharing.SHARED;
            case LOCKED -> ContainerMount.Sharing.LOCKED;
            case PRIVATE -> ContainerMount.Sharing.PRIVATE;
        };
    }

    private static String absolute(String path, String workdir) {
        String joined = path.startsWith("/") ? path : (workdir == null ? "/" : workdir) + "/" + path;
        String clean = "/" + RootPath.clean(joined);
        if (clean.equals("/")) {
            throw new IllegalArgumentException("invalid mount target \"" + path + "\"");
        }
        return clean;
    }

    private static Path require(RunMount m, Path hostSource) {
        if (hostSource == null) {
            throw new IllegalArgumentException("--mount type=" + m.type().word() + " at " + m.target()
                    + " needs its source");
        }
        return hostSource;
    }
}
