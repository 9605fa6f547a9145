package io.jbuild.grammar.ast;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code RUN --mount=...} flag, parsed with BuildKit's rules ({@code instructions/commands_runmount.go}), the
 * one reading of a mount for the planner, the executor and the linter: CSV fields; keys case-insensitive, as are
 * the values of {@code type} and {@code sharing}; a key given twice takes its last value; {@code type} defaults to
 * bind; bind and secret mounts read-only unless told, cache and tmpfs writable; errors name the offending field.
 * Before its variables are expanded a mount is read only for {@link #from(String)} and {@link #target(String)}.
 *
 * @param source   {@code source}/{@code src}: a path in {@code from} (bind, cache) or the secret's id
 * @param id       cache id or secret id as written (see {@link #cacheId()}, {@link #secretId()})
 * @param sharing  null unless written (cache mounts default to shared)
 * @param sizeBytes tmpfs size, 0 for the default
 * @param mode     null unless written (cache, secret, ssh only); likewise uid and gid
 * @param env      for a secret: the environment variable that receives it, null if none
 */
public record RunMount(Type type, String target, String source, String from, String id,
                       Sharing sharing, boolean readOnly, long sizeBytes, Integer mode, Long uid,
                       Long gid, boolean required, String env) {

    /** How concurrent builds use one cache ({@code sharing=}); absent means shared. */
    public enum Sharing {
        SHARED, LOCKED, PRIVATE
    }

    public enum Type {
        BIND, CACHE, TMPFS, SECRET, SSH;

        public String word() {
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
        Sharing sharing = null;
        Boolean readOnly = null;
        long size = 0;
        Integer mode = null;
        Long uid = null;
        Long gid = null;
        boolean required = false;
        String env = null;
        for (String field : csvFields(value)) {
            int eq = field.indexOf('=');
            String key = key(field);
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
                    case "shared" -> Sharing.SHARED;
                    case "private" -> Sharing.PRIVATE;
                    case "locked" -> Sharing.LOCKED;
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

    /**
     * The stage or image a mount reads, from the flag as written: what the planner needs to order the stages before
     * any variable is expanded. Empty without one, or when the flag is not valid CSV (the step reports that).
     */
    public static Optional<String> from(String spec) {
        return Optional.ofNullable(lastValues(spec).get("from"));
    }

    /** The target as written ({@code target}, {@code dst} or {@code destination}, the last given), for messages. */
    public static Optional<String> target(String spec) {
        return Optional.ofNullable(lastValues(spec).get("target"));
    }

    /** The type's word as written, lower-cased ({@code bind} when absent), for rules that look at cache mounts. */
    public static String type(String spec) {
        return lastValues(spec).getOrDefault("type", "bind").toLowerCase(Locale.ROOT);
    }

    /** Each key's last value, keys lower-cased and the target's aliases folded, as parse assigns them. */
    private static Map<String, String> lastValues(String spec) {
        Map<String, String> out = new HashMap<>();
        List<String> fields;
        try {
            fields = csvFields(spec);
        } catch (IllegalArgumentException e) {
            return out;
        }
        for (String field : fields) {
            int eq = field.indexOf('=');
            if (eq >= 0) {
                String key = key(field);
                out.put(key.equals("dst") || key.equals("destination") ? "target" : key, field.substring(eq + 1));
            }
        }
        return out;
    }

    /** A field's key: before the first {@code =}, lower-cased (BuildKit's {@code strings.ToLower}). */
    private static String key(String field) {
        int eq = field.indexOf('=');
        return (eq < 0 ? field : field.substring(0, eq)).toLowerCase(Locale.ROOT);
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
