package io.jbuild.core.container.exec;

import io.jbuild.grammar.shell.DefaultPath;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jbuild.core.exec.ContainerStartException;
import io.jbuild.core.exec.ContainerUser;
import io.jbuild.core.exec.OciRuntime;
import io.jbuild.core.exec.UserResolver;
import io.jbuild.core.image.OciJson;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a process in a running runc container ({@code runc exec --process}), as {@code docker exec} does: the
 * container's environment with {@code -e} on top, its user unless {@code -u} (resolved in the container's own
 * /etc/passwd through {@link UserResolver}), its working directory unless {@code -w}, and the container process's
 * capabilities, rlimits and no-new-privileges, copied from its bundle's config.json. The seccomp filter, namespaces,
 * cgroup and masked paths are the container's own: runc applies them to every process it joins to the container.
 */
public final class ContainerExec {

    private final OciRuntime runtime;

    /** @param runtime {@code runc} or a path; {@code runtimeRoot} its {@code --root}, where the container is */
    public ContainerExec(String runtime, Path runtimeRoot) {
        this.runtime = new OciRuntime(runtime, runtimeRoot);
    }

    /** Where the exec's standard streams go; {@link #inherit} for {@code jbuild exec} itself. */
    public record Streams(ProcessBuilder.Redirect in, ProcessBuilder.Redirect out, ProcessBuilder.Redirect err) {
        /** This process's own streams; standard input only with {@code -i}. */
        public static Streams inherit(boolean stdin) {
            return new Streams(stdin ? ProcessBuilder.Redirect.INHERIT : nul(), ProcessBuilder.Redirect.INHERIT,
                    ProcessBuilder.Redirect.INHERIT);
        }
    }

    /**
     * Runs {@code request} in container {@code id} to its end (or, with {@code -d}, until it has started) and
     * returns its exit code (0 for {@code -d}).
     *
     * @param name    the container as the user named it, for messages
     * @param workDir an existing private directory for the process spec and the runtime's log (removed after)
     * @throws ExecException with docker's words and exit code when there is no such container, it is not running,
     *                       the user does not exist or the process cannot start
     */
    public int exec(String id, String name, ExecRequest request, Streams streams, Path workDir)
            throws IOException, InterruptedException {
        JsonNode state = state(id, name);
        String status = state.path("status").asText();
        if (status.equals("paused")) {
            throw new ExecException("Container " + name + " is paused, unpause the container before exec", 1);
        }
        if (!status.equals("running")) {
            throw new ExecException("Container " + name + " is not running", 1);
        }
        return execRunning(id, name, Path.of(state.path("bundle").asText()), request, streams, workDir);
    }

    /**
     * As {@link #exec}, in a container its caller has just seen running (its first process alive) and whose bundle
     * it knows: the runtime is not asked for the container's state first, which was a second runc process, a tenth
     * of an exec's time. A container that stopped meanwhile is refused by {@code runc exec} itself, with the same
     * answer as here.
     */
    public int execRunning(String id, String name, Path bundle, ExecRequest request, Streams streams, Path workDir)
            throws IOException, InterruptedException {
        JsonNode config = OciJson.readTree(Files.readAllBytes(bundle.resolve("config.json")));
        // runc's state names the root as the bundle's config does, resolved against the bundle
        Path rootfs = bundle.resolve(config.path("root").path("path").asText());
        ObjectNode process = process(config.path("process"), rootfs, request);

        Path spec = workDir.resolve("process.json");
        Path log = workDir.resolve("exec.log");
        try {
            // the environment may hold secrets: owner-only, gone when the exec has started or ended
            Files.deleteIfExists(spec);
            Files.createFile(spec, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(spec, OciJson.writeTree(process));
            List<String> cmd = runtime.command("--log", log.toString(), "--log-format", "json", "exec", "--process",
                    spec.toString());
            if (request.detach()) {
                cmd.add("--detach");
            }
            cmd.add(id);
            ProcessBuilder pb = new ProcessBuilder(cmd);
            if (request.detach()) {
                pb.redirectInput(nul()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD); // docker exec -d drops them
            } else {
                pb.redirectInput(streams.in()).redirectOutput(streams.out()).redirectError(streams.err());
            }
            int exit = pb.start().waitFor();
            if (exit != 0) {
                String error = ContainerStartException.fromRuntimeLog(log);
                if (error != null && error.contains("cannot exec in a stopped container")) {
                    throw new ExecException("Container " + name + " is not running", 1); // it stopped meanwhile
                }
                if (error != null) {
                    throw new ExecException("OCI runtime exec failed: " + error.replaceFirst("^exec failed: ", "")
                            .replaceFirst("^", "exec failed: ") + ": unknown", 126);
                }
            }
            return request.detach() ? 0 : exit;
        } finally {
            Files.deleteIfExists(spec);
            Files.deleteIfExists(log);
        }
    }

    /** The process spec: the container's, with the request's command, environment, user, directory and tty. */
    static ObjectNode process(JsonNode containerProcess, Path rootfs, ExecRequest request) throws IOException {
        ObjectNode p = containerProcess.deepCopy();
        // -d -t: nobody would read the terminal, and runc exec -d would want a console socket for it
        p.put("terminal", request.tty() && !request.detach());
        ArrayNode args = p.putArray("args");
        request.command().forEach(args::add);

        Map<String, String> env = new LinkedHashMap<>();
        containerProcess.path("env").forEach(e -> put(env, e.asText()));
        for (String e : request.env()) {
            if (e.contains("=")) {
                put(env, e);
            } else if (System.getenv(e) != null) {
                env.put(e, System.getenv(e));
            }
        }
        if (request.tty()) {
            env.putIfAbsent("TERM", "xterm");
        }
        if (!env.containsKey("PATH")) {
            put(env, DefaultPath.ENTRY);
        }
        ArrayNode envArray = p.putArray("env");
        env.forEach((k, v) -> envArray.add(k + "=" + v));

        if (request.user() != null && !request.user().isEmpty()) {
            ContainerUser user;
            try {
                user = UserResolver.resolve(rootfs, request.user());
            } catch (IllegalArgumentException e) {
                throw new ExecException(e.getMessage(), 126);
            }
            ObjectNode u = p.putObject("user");
            u.put("uid", user.uid());
            u.put("gid", user.gid());
            ArrayNode gids = u.putArray("additionalGids");
            user.additionalGids().forEach(gids::add);
        }
        if (request.workdir() != null && !request.workdir().isEmpty()) {
            if (!request.workdir().startsWith("/")) {
                throw new ExecException("OCI runtime exec failed: exec failed: Cwd must be an absolute path: unknown",
                        126);
            }
            p.put("cwd", request.workdir());
        }
        return p;
    }

    private JsonNode state(String id, String name) throws IOException {
        return runtime.state(id).orElseThrow(() -> new ExecException("Error: No such container: " + name, 1));
    }

    private static void put(Map<String, String> env, String entry) {
        int eq = entry.indexOf('=');
        env.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
    }

    private static ProcessBuilder.Redirect nul() {
        return ProcessBuilder.Redirect.from(new File("/dev/null"));
    }
}
