package io.jbuild.core.export;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where a build's result goes, in {@code docker build --output}'s syntax: {@code type=oci,dest=DIR|FILE},
 * {@code type=docker,dest=FILE}, {@code type=local,dest=DIR}, {@code type=image} (the local store),
 * {@code type=registry} (pushed only), or a bare path, which means {@code type=local,dest=PATH}.
 */
public sealed interface Output {

    /** Tagged into the local store (what a build does anyway). */
    record Store() implements Output {
    }

    /**
     * {@code type=registry[,name=REF]}: pushed to the {@code -t} tags (and {@code name}) and not stored, as buildx's
     * {@code --output type=registry}; a front end pushes it, it is not exported.
     *
     * @param name one more reference to push to; null for none
     */
    record Registry(String name) implements Output {
    }

    /** An OCI image layout: a directory, or a tar of one when {@code dest} ends in {@code .tar}. */
    record Oci(Path dest) implements Output {
        public boolean archive() {
            return dest.getFileName() != null && dest.getFileName().toString().endsWith(".tar");
        }
    }

    /** A docker-archive that {@code docker load} reads. */
    record Docker(Path dest) implements Output {
    }

    /** The image's file system, unpacked into a directory. */
    record Local(Path dest) implements Output {
    }

    static Output parse(String spec) {
        if (!spec.contains("=")) {
            return new Local(Path.of(spec));
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("invalid --output \"" + spec + "\": \"" + part + "\" is not key=value");
            }
            fields.put(part.substring(0, eq).trim().toLowerCase(Locale.ROOT), part.substring(eq + 1).trim());
        }
        String type = fields.getOrDefault("type", "local");
        String dest = fields.get("dest");
        if (!type.equals("image") && !type.equals("registry") && (dest == null || dest.isEmpty())) {
            throw new IllegalArgumentException("invalid --output \"" + spec + "\": type=" + type + " needs dest=PATH");
        }
        if (type.equals("image") && "true".equals(fields.get("push"))) {
            throw new IllegalArgumentException("invalid --output \"" + spec + "\": use --push (stored and pushed) or"
                    + " type=registry (only pushed)");
        }
        if (type.equals("registry") && fields.containsKey("push") && !"true".equals(fields.get("push"))) {
            throw new IllegalArgumentException("invalid --output \"" + spec + "\": type=registry always pushes");
        }
        return switch (type) {
            case "registry" -> new Registry(fields.get("name"));
            case "oci" -> new Oci(Path.of(dest));
            case "docker", "tar" -> new Docker(Path.of(dest));
            case "local" -> new Local(Path.of(dest));
            case "image" -> new Store();
            default -> throw new IllegalArgumentException("invalid --output \"" + spec + "\": unknown type \"" + type
                    + "\" (use oci, docker, local, image or registry)");
        };
    }
}
