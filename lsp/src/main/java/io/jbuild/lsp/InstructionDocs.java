package io.jbuild.lsp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** What each instruction and flag does, for hover and completion; links go to Docker's Dockerfile reference. */
final class InstructionDocs {

    /** One flag: its name without {@code --}, a sentence, and the values it takes when they are a fixed few. */
    record Flag(String name, String summary, List<String> values) {
    }

    /** One instruction: its keyword, its syntax, a sentence, and its flags. */
    record Doc(String keyword, String syntax, String summary, List<Flag> flags) {

        String url() {
            return "https://docs.docker.com/reference/dockerfile/#" + keyword.toLowerCase(Locale.ROOT);
        }

        Optional<Flag> flag(String name) {
            return flags.stream().filter(f -> f.name().equals(name)).findFirst();
        }
    }

    /** The keys of {@code RUN --mount=}, and the values of those that take a fixed few. */
    static final Map<String, List<String>> MOUNT_KEYS;

    static {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("type", List.of("bind", "cache", "tmpfs", "secret", "ssh"));
        m.put("target", List.of());
        m.put("source", List.of());
        m.put("from", List.of());
        m.put("id", List.of());
        m.put("sharing", List.of("shared", "private", "locked"));
        m.put("readonly", List.of("true", "false"));
        m.put("rw", List.of("true", "false"));
        m.put("mode", List.of());
        m.put("uid", List.of());
        m.put("gid", List.of());
        m.put("required", List.of("true", "false"));
        m.put("size", List.of());
        m.put("env", List.of());
        MOUNT_KEYS = Collections.unmodifiableMap(m);
    }

    private static final Flag PLATFORM = new Flag("platform",
            "The platform of the image, e.g. linux/arm64 or $BUILDPLATFORM.",
            List.of("$BUILDPLATFORM", "$TARGETPLATFORM", "linux/amd64", "linux/arm64"));
    private static final Flag CHOWN = new Flag("chown", "Owner (user[:group], names or ids) of the copied files.", List.of());
    private static final Flag CHMOD = new Flag("chmod", "Mode of the copied files, octal (0755) or symbolic (u=rwX).",
            List.of());
    private static final Flag LINK = new Flag("link", "Copy into a layer of its own, independent of the layers below.",
            List.of());
    private static final Flag EXCLUDE = new Flag("exclude", "A pattern of source paths to leave out.", List.of());

    static final List<Doc> ALL = List.of(
            new Doc("FROM", "FROM [--platform=<platform>] <image> [AS <name>]",
                    "Starts a build stage from a base image (or an earlier stage, or scratch).", List.of(PLATFORM)),
            new Doc("RUN", "RUN [--mount=...] [--network=...] [--security=...] <command>",
                    "Runs a command in a container on the image so far and commits what it changed as a layer.",
                    List.of(new Flag("mount", "Mounts a bind, cache, tmpfs, secret or ssh mount for this command only: "
                                    + "--mount=type=cache,target=/root/.cache.", List.of()),
                            new Flag("network", "The network of the command.", List.of("default", "none", "host")),
                            new Flag("security", "insecure runs the command with all capabilities.",
                                    List.of("sandbox", "insecure")))),
            new Doc("CMD", "CMD [\"executable\", \"param\"] | CMD command param",
                    "The default command of a container (the arguments of ENTRYPOINT when there is one).", List.of()),
            new Doc("LABEL", "LABEL <key>=<value> ...", "Adds metadata to the image's configuration.", List.of()),
            new Doc("MAINTAINER", "MAINTAINER <name>",
                    "Deprecated: the image's author; use LABEL org.opencontainers.image.authors.", List.of()),
            new Doc("EXPOSE", "EXPOSE <port>[/<protocol>] ...", "Documents the ports the container listens on.",
                    List.of()),
            new Doc("ENV", "ENV <key>=<value> ...",
                    "Sets environment variables for the following instructions and the container.", List.of()),
            new Doc("ADD", "ADD [--chown=...] [--chmod=...] [--checksum=...] <src>... <dest>",
                    "Copies files, URLs or git repositories into the image; local tar archives are extracted.",
                    List.of(CHOWN, CHMOD, LINK, EXCLUDE,
                            new Flag("checksum", "The expected digest of a remote source (sha256:...).", List.of()),
                            new Flag("keep-git-dir", "Keep the .git directory of a git source.",
                                    List.of("true", "false")))),
            new Doc("COPY", "COPY [--from=<stage|image>] [--chown=...] [--chmod=...] <src>... <dest>",
                    "Copies files from the build context, a stage or an image into the image.",
                    List.of(new Flag("from", "A stage name or index, an image, or a named context to copy from.",
                                    List.of()),
                            CHOWN, CHMOD, LINK, EXCLUDE,
                            new Flag("parents", "Keep the sources' parent directories under the destination.",
                                    List.of("true", "false")))),
            new Doc("ENTRYPOINT", "ENTRYPOINT [\"executable\", \"param\"] | ENTRYPOINT command param",
                    "The executable a container runs; CMD gives its default arguments.", List.of()),
            new Doc("VOLUME", "VOLUME [\"/data\"]", "Marks paths as mount points for volumes.", List.of()),
            new Doc("USER", "USER <user>[:<group>]",
                    "The user (and group) the following RUN instructions and the container run as.", List.of()),
            new Doc("WORKDIR", "WORKDIR /path",
                    "The working directory of the following instructions and the container; created if missing.",
                    List.of()),
            new Doc("ARG", "ARG <name>[=<default>] ...",
                    "Declares a build argument (--build-arg); before the first FROM, for the FROM lines.", List.of()),
            new Doc("ONBUILD", "ONBUILD <INSTRUCTION>",
                    "An instruction that runs when another build uses this image as its base.", List.of()),
            new Doc("STOPSIGNAL", "STOPSIGNAL <signal>", "The signal that stops the container (SIGTERM by default).",
                    List.of()),
            new Doc("HEALTHCHECK", "HEALTHCHECK [options] CMD <command> | HEALTHCHECK NONE",
                    "How to check that the container still works.",
                    List.of(new Flag("interval", "Time between checks (default 30s).", List.of()),
                            new Flag("timeout", "Time a check may take (default 30s).", List.of()),
                            new Flag("start-period", "Time to start before failures count (default 0s).", List.of()),
                            new Flag("start-interval", "Time between checks during the start period (default 5s).",
                                    List.of()),
                            new Flag("retries", "Failures in a row that make the container unhealthy (default 3).",
                                    List.of()))),
            new Doc("SHELL", "SHELL [\"executable\", \"parameters\"]",
                    "The shell of the following shell-form commands (default [\"/bin/sh\", \"-c\"]).", List.of()));

    private InstructionDocs() {
    }

    static Optional<Doc> of(String keyword) {
        String k = keyword.toUpperCase(Locale.ROOT);
        return ALL.stream().filter(d -> d.keyword().equals(k)).findFirst();
    }
}
