package io.jbuild.core.exec;

import io.jbuild.core.fs.RootPath;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code RUN --mount=...} flag, parsed with BuildKit's rules ({@code instructions/commands_runmount.go}):
 * CSV fields, keys case-insensitive, {@code type} defaults to bind, bind and secret mounts read-only unless told,
 * cache and tmpfs writable; errors name the offending field.
 *
 * @param source   {@code source}/{@code src}: a path in {@code from} (bind, cache) or the secret's id
 * @param id       cache id or secret id as written (see {@link #cacheId()}, {@link #secretId()})
 * @param sharing  null unless written (cache mounts default to shared)
 * @param sizeBytes tmpfs size, 0 for the default
 * @param mode     null unless written (cache, secret, ssh only); likewise uid and gid
 * @param env      for a secret: the environment variable that receives it, null if none
 */
public record RunMount(Type type, String target, String source, String from, String id,
                       ContainerMount.Sharing sharing, boolean readOnly, long sizeBytes, Integer mode, Long uid,
                       Long gid, boolean required, String env) {

    public enum Type {
        BIND, CACHE, TMPFS, SECRET, SSH;

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Pattern RAM = Pattern.compile("^(\\d+(?:\\.\\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$");

    /** Parses the flag's value, e.g. {@code type=cache,target=/root/.m2,id=m2,sharing=locked}. */
    public static RunMount parse(String value) {
        Type type = Type.BIND;
        String target = null;
        String source = null;
        String from = null;
        String id = null;
        ContainerMount.Sharing sharing = null;
        Boolean readOnly = null;
        long size = 0;
        Integer mode = null;
        Long uid = null;
        Long gid = null;
        boolean required = false;
        String env = null;
        for (String field : csvFields(value)) {
            int eq = field.indexOf('=');
            String key = (eq < 0 ? field : field.substring(0, eq)).toLowerCase(Locale.ROOT);
            if (eq < 0) {
                switch (key) {
                    case "readonly", "ro" -> readOnly = true;
                    case "readwrite", "rw" -> readOnly = false;
                    case "required" -> {
                        requireSecretOrSsh(type, key);
                        required = true;
                    }
                    default -> throw error("invalid field '" + field + "' must be a key=value pair");
                }
                continue;
            }
            String v = field.substring(eq + 1);
            switch (key) {
                case "type" -> type = switch (v.toLowerCase(Locale.ROOT)) {
                    case "bind" -> Type.BIND;
                    case "cache" -> Type.CACHE;
                    case "tmpfs" -> Type.TMPFS;
                    case "secret" -> Type.SECRET;
                    case "ssh" -> Type.SSH;
                    default -> throw error("unsupported mount type \"" + v + "\" (bind, cache, tmpfs, secret, ssh)");
                };
                case "from" -> from = v;
                case "source", "src" -> source = v;
                case "target", "dst", "destination" -> target = v;
                case "readonly", "ro" -> readOnly = bool(key, v);
                case "readwrite", "rw" -> readOnly = !bool(key, v);
                case "required" -> {
                    requireSecretOrSsh(type, key);
                    required = bool(key, v);
                }
                case "size" -> {
                    if (type != Type.TMPFS) {
                        throw error("unexpected key '" + key + "' for mount type '" + type.word() + "'");
                    }
                    size = ramInBytes(key, v);
                }
                case "id" -> id = v;
                case "sharing" -> sharing = switch (v.toLowerCase(Locale.ROOT)) {
                    case "shared" -> ContainerMount.Sharing.SHARED;
                    case "private" -> ContainerMount.Sharing.PRIVATE;
                    case "locked" -> ContainerMount.Sharing.LOCKED;
                    default -> throw error("unsupported sharing value \"" + v + "\" (shared, private, locked)");
                };
                case "mode" -> mode = (int) number(key, v, 8);
                case "uid" -> uid = number(key, v, 10);
                case "gid" -> gid = number(key, v, 10);
                case "env" -> env = v;
                default -> throw error("unexpected key '" + key + "' in '" + field + "'");
            }
        }
        boolean fileInfoAllowed = type == Type.SECRET || type == Type.SSH || type == Type.CACHE;
        if (!fileInfoAllowed) {
            if (mode != null) {
                throw error("mode not allowed for \"" + type.word() + "\" type mounts");
            }
            if (uid != null) {
                throw error("uid not allowed for \"" + type.word() + "\" type mounts");
            }
            if (gid != null) {
                throw error("gid not allowed for \"" + type.word() + "\" type mounts");
            }
        }
        if (readOnly == null) {
            readOnly = !(type == Type.CACHE || type == Type.TMPFS);
        }
        if (type == Type.SECRET) {
            if (from != null) {
                throw error("secret mount should not have a from");
            }
            if (sharing != null) {
                throw error("secret mount should not define sharing");
            }
            if (source == null && target == null && id == null) {
                throw error("invalid secret mount. one of source, target required");
            }
            if (source != null && id != null) {
                throw error("both source and id can't be set");
            }
        }
        if (sharing != null && type != Type.CACHE) {
            throw error("invalid cache sharing set for " + type.word() + " mount");
        }
        if (target == null && type != Type.SECRET && type != Type.SSH) {
            throw error("a " + type.word() + " mount needs a target");
        }
        return new RunMount(type, target, source, from, id, sharing, readOnly, size, mode, uid, gid, required, env);
    }

    /** The cache's id: as written, else the target cleaned like Go's path.Clean (BuildKit's default). */
    public String cacheId() {
        if (id != null && !id.isEmpty()) {
            return id;
        }
        String clean = RootPath.clean(target);
        return target.startsWith("/") ? "/" + clean : clean.isEmpty() ? "." : clean;
    }

    /** A secret's id: {@code id}, else {@code source}, else the target's file name. */
    public String secretId() {
        if (source != null && !source.isEmpty()) {
            return source;
        }
        if (id != null && !id.isEmpty()) {
            return id;
        }
        return target == null ? "" : Path.of(target).getFileName().toString();
    }

    /**
     * Where a secret file goes: the target, else {@code /run/secrets/ID}; null if the secret only goes into an
     * environment variable ({@code env=} without a target).
     */
    public String secretTarget() {
        if (target != null && !target.isEmpty()) {
            return target;
        }
        if (env != null) {
            return null;
        }
        return "/run/secrets/" + Path.of(secretId()).getFileName();
    }

    /**
     * The mount to run with.
     *
     * @param workdir    the step's working directory (relative targets are below it)
     * @param hostSource for bind: the host directory or file ({@code source} inside {@code from}, the context or an
     *                   image, resolved by the caller); for secret: the secret's file; otherwise ignored
     */
    public ContainerMount toContainerMount(String workdir, Path hostSource) {
        if (type == Type.SSH) {
            throw new IllegalArgumentException("--mount type=ssh is not supported yet");
        }
        String absolute = type == Type.SECRET ? secretTarget() : absoluteTarget(workdir);
        if (absolute == null) {
            throw new IllegalArgumentException("secret " + secretId() + " goes to $" + env + " only; it has no file");
        }
        return switch (type) {
            case CACHE -> {
                if (from != null && !from.isEmpty()) {
                    throw new IllegalArgumentException("--mount type=cache,from=" + from + ": cache mounts based on a "
                            + "stage or image are not supported yet");
                }
                yield new ContainerMount.Cache(absolute, cacheId(),
                        sharing == null ? ContainerMount.Sharing.SHARED : sharing, readOnly,
                        mode == null ? 0755 : mode, uid == null ? 0 : uid, gid == null ? 0 : gid);
            }
            case BIND -> new ContainerMount.Bind(absolute, require(hostSource), readOnly);
            case TMPFS -> new ContainerMount.Tmpfs(absolute, sizeBytes);
            case SECRET -> new ContainerMount.Secret(absolute(absolute, workdir), require(hostSource),
                    mode == null ? 0400 : mode, uid == null ? 0 : uid, gid == null ? 0 : gid);
            case SSH -> throw new IllegalArgumentException("--mount type=ssh is not supported yet");
        };
    }

    private String absoluteTarget(String workdir) {
        return absolute(target, workdir);
    }

    private static String absolute(String path, String workdir) {
        String joined = path.startsWith("/") ? path : (workdir == null ? "/" : workdir) + "/" + path;
        String clean = "/" + RootPath.clean(joined);
        if (clean.equals("/")) {
            throw new IllegalArgumentException("invalid mount target \"" + path + "\"");
        }
        return clean;
    }

    private Path require(Path hostSource) {
        if (hostSource == null) {
            throw new IllegalArgumentException("--mount type=" + type.word() + " at " + target + " needs its source");
        }
        return hostSource;
    }

    private static void requireSecretOrSsh(Type type, String key) {
        if (type != Type.SECRET && type != Type.SSH) {
            throw error("unexpected key '" + key + "' for mount type '" + type.word() + "'");
        }
    }

    private static boolean bool(String key, String v) {
        return switch (v) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw error("invalid value for " + key + ": " + v);
        };
    }

    private static long number(String key, String v, int radix) {
        try {
            long n = Long.parseLong(v, radix);
            if (n < 0 || n > 0xffffffffL) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw error("invalid value " + v + " for " + key);
        }
    }

    /** docker/go-units RAMInBytes: binary multipliers, {@code 64m}, {@code 1GiB}, {@code 1024}. */
    private static long ramInBytes(String key, String v) {
        Matcher m = RAM.matcher(v);
        if (!m.matches()) {
            throw error("invalid value for " + key + ": " + v);
        }
        double n = Double.parseDouble(m.group(1).replaceFirst("^(\\d+\\.\\d+).*", "$1"));
        String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
        int shift = switch (unit) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            case "p" -> 50;
            default -> 0;
        };
        return (long) (n * (1L << shift));
    }

    /** RFC 4180 fields as Go's csv reader splits them: quotes around a field, {@code ""} for a quote inside. */
    static List<String> csvFields(String value) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean atStart = true;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < value.length() && value.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && atStart) {
                quoted = true;
                atStart = false;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                atStart = true;
            } else {
                field.append(c);
                atStart = false;
            }
        }
        if (quoted) {
            throw error("failed to parse csv mounts: extraneous or missing \" in quoted-field");
        }
        fields.add(field.toString());
        return fields;
    }

    private static IllegalArgumentException error(String message) {
        return new IllegalArgumentException(message);
    }
}
