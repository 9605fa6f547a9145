package io.jbuild.differential;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the reference builder and the shared base image are: the variables {@code shared/tools/peers-setup.sh}
 * writes to {@code $PEERS_DIR/env.sh} ({@code DOCKER_HOST}, {@code DOCKER}, {@code BUSYBOX_DOCKER_ARCHIVE},
 * {@code BUSYBOX_OCI_LAYOUT}), read from that file when the environment does not set them, so that
 * {@code mvn -Pdifferential} works with or without {@code source $PEERS_DIR/env.sh} first.
 */
final class Peers {

    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\\S*)");
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);

    private final Map<String, String> vars;
    private final Path work;

    private Peers(Map<String, String> vars, Path work) {
        this.vars = vars;
        this.work = work;
    }

    static Peers discover(Path work) throws IOException {
        Map<String, String> vars = new HashMap<>();
        String dir = System.getProperty("jbuild.peers.dir", System.getenv().getOrDefault("PEERS_DIR", "/tmp/jbuild-peers"));
        Path env = Path.of(dir, "env.sh");
        if (Files.isRegularFile(env)) {
            for (String line : Files.readAllLines(env)) {
                String code = line.replaceFirst("\\s#.*$", "").trim();
                if (code.startsWith("export ")) {
                    Matcher m = ASSIGNMENT.matcher(code.substring(7));
                    while (m.find()) {
                        vars.put(m.group(1), m.group(2));
                    }
                }
            }
        }
        for (String k : List.of("DOCKER_HOST", "DOCKER", "BUSYBOX_DOCKER_ARCHIVE", "BUSYBOX_OCI_LAYOUT")) {
            String v = System.getenv(k);
            if (v != null && !v.isBlank()) {
                vars.put(k, v);
            }
        }
        return new Peers(vars, work);
    }

    /** The docker 20.10 client ({@code /usr/bin/docker}: the newer one in /usr/local/bin has no BuildKit). */
    String docker() {
        return vars.getOrDefault("DOCKER", "/usr/bin/docker");
    }

    /** The environment of every docker command: the private daemon, BuildKit on. */
    Map<String, String> dockerEnv() {
        Map<String, String> env = new HashMap<>();
        if (vars.containsKey("DOCKER_HOST")) {
            env.put("DOCKER_HOST", vars.get("DOCKER_HOST"));
        }
        env.put("DOCKER_BUILDKIT", "1");
        return env;
    }

    /** Why docker cannot be used, or empty when its daemon answers. */
    Optional<String> dockerUnavailable() {
        if (!Files.isExecutable(Path.of(docker()))) {
            return Optional.of(docker() + " is not installed (run shared/tools/peers-setup.sh with PEERS_WITH_DOCKER=1)");
        }
        try {
            Processes.Outcome o = Processes.run(List.of(docker(), "version", "--format", "{{.Server.Version}}"),
                    dockerEnv(), PROBE_TIMEOUT, work.resolve("logs/docker-version.log"));
            return o.ok() ? Optional.empty() : Optional.of("docker daemon not reachable: " + o.output().strip());
        } catch (IOException e) {
            return Optional.of("docker daemon not reachable: " + e.getMessage());
        }
    }

    /**
     * The busybox base as a docker-archive: peers-setup.sh's own, else one copied by skopeo from its OCI layout
     * (the same bytes either way: the archive is made from that layout).
     */
    Path busyboxArchive() throws IOException {
        String archive = vars.get("BUSYBOX_DOCKER_ARCHIVE");
        if (archive != null && Files.isRegularFile(Path.of(archive))) {
            return Path.of(archive);
        }
        String layout = vars.get("BUSYBOX_OCI_LAYOUT");
        if (layout == null || !Files.isDirectory(Path.of(layout))) {
            throw new IOException("no busybox base: set BUSYBOX_DOCKER_ARCHIVE or BUSYBOX_OCI_LAYOUT (peers-setup.sh)");
        }
        Path out = work.resolve("busybox-docker.tar");
        Files.deleteIfExists(out);
        Processes.Outcome o = Processes.run(List.of("skopeo", "copy", "-q", "oci:" + layout + ":latest",
                "docker-archive:" + out + ":busybox:latest"), Map.of(), Duration.ofMinutes(2),
                work.resolve("logs/skopeo.log"));
        if (!o.ok()) {
            throw new IOException("skopeo copy failed: " + o.output());
        }
        return out;
    }
}
