package io.jbuild.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One differential case: a directory of {@code testdata/differential/} holding a {@code Dockerfile}, an optional
 * {@code context/} directory (the build context; absent means an empty one) and an optional {@code case.json}:
 *
 * <pre>{
 *   "description": "what the case exercises",
 *   "buildArgs": {"my_ver": "2.0"},
 *   "target": "stage",
 *   "expectFailure": false,
 *   "dockerfileInContext": "dockerfile",
 *   "prepare": [ {"op": "mkdir", "path": "empty"}, {"op": "symlink", "path": "l", "to": "a.txt"},
 *                {"op": "hardlink", "path": "b", "to": "a"}, {"op": "chmod", "path": "suid", "mode": "4755"},
 *                {"op": "write", "path": "f", "content": "text"},
 *                {"op": "host", "path": "tools/usr/sbin/setcap", "from": "/usr/sbin/setcap"} ]
 * }</pre>
 *
 * {@code prepare} makes in the copied context what git cannot hold (empty directories, hard links, setuid bits).
 * {@code dockerfileInContext}: the Dockerfile is copied into the context under that name and both builders are run
 * without {@code -f}, to compare how they find it.
 */
record CaseSpec(String name, Path dir, String description, Map<String, String> buildArgs, Optional<String> target,
                boolean expectFailure, List<Prepare> prepare, Optional<String> dockerfileInContext) {

    /** One preparation step; {@code to} is a link target, {@code mode} octal, {@code content} file text. */
    /** {@code from}: for op "host", the host file copied into the context (a tool a RUN step needs). */
    record Prepare(String op, String path, String to, String mode, String content, String from) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    Path dockerfile() {
        return dir.resolve("Dockerfile");
    }

    /** {@code -f FILE} for a builder, or nothing when the Dockerfile is in the context. */
    List<String> fileArgs() {
        return dockerfileInContext.isPresent() ? List.of() : List.of("-f", dockerfile().toString());
    }

    Path contextSource() {
        return dir.resolve("context");
    }

    /** A lower-case, registry-safe tag for the images of this case. */
    String tag() {
        return "jbuild-differential/" + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-")
                + ":latest";
    }

    static CaseSpec read(Path dir) throws IOException {
        Path file = dir.resolve("case.json");
        JsonNode spec = Files.exists(file) ? JSON.readTree(file.toFile()) : JSON.createObjectNode();
        Map<String, String> args = new LinkedHashMap<>();
        spec.path("buildArgs").fields().forEachRemaining(e -> args.put(e.getKey(), e.getValue().asText()));
        List<Prepare> prepare = new ArrayList<>();
        for (JsonNode p : spec.path("prepare")) {
            prepare.add(new Prepare(p.path("op").asText(), p.path("path").asText(), text(p, "to"), text(p, "mode"),
                    text(p, "content"), text(p, "from")));
        }
        return new CaseSpec(dir.getFileName().toString(), dir, spec.path("description").asText(""), args,
                Optional.ofNullable(text(spec, "target")), spec.path("expectFailure").asBoolean(false), prepare,
                Optional.ofNullable(text(spec, "dockerfileInContext")));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
