package io.jbuild.core.image;

import io.jbuild.grammar.reference.Digest;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The OCI model from a JSON tree, by hand rather than by ObjectMapper reflection (see {@link JsonTree}). Field
 * names and shapes are the ones the records declare for writing; a field a record does not know goes to its
 * {@code extra}. Values are not coerced: a string where a number belongs is an error naming the field's path.
 */
final class ModelReader {

    private ModelReader() {
    }

    /** Reads {@code tree} as {@code type}, one of the model's document types. */
    static <T> T read(JsonNode tree, Class<T> type) throws IOException {
        Fields root = Fields.root(tree, type.getSimpleName());
        Object value;
        if (type == ImageIndex.class) {
            value = index(root);
        } else if (type == ImageManifest.class) {
            value = manifest(root);
        } else if (type == ImageConfig.class) {
            value = config(root);
        } else if (type == Descriptor.class) {
            value = descriptor(root);
        } else if (type == Platform.class) {
            value = platform(root);
        } else if (type == ContainerConfig.class) {
            value = containerConfig(root);
        } else {
            throw new IllegalArgumentException("not an OCI model type: " + type.getName());
        }
        return type.cast(value);
    }

    static ImageIndex index(Fields f) throws IOException {
        int schemaVersion = f.integer("schemaVersion");
        String mediaType = f.string("mediaType");
        String artifactType = f.string("artifactType");
        List<Descriptor> manifests = f.objects("manifests", ModelReader::descriptor);
        Descriptor subject = f.object("subject", ModelReader::descriptor);
        Map<String, String> annotations = f.stringMap("annotations");
        return f.build(() -> new ImageIndex(schemaVersion, mediaType, artifactType, manifests, subject, annotations,
                f.extra()));
    }

    static ImageManifest manifest(Fields f) throws IOException {
        int schemaVersion = f.integer("schemaVersion");
        String mediaType = f.string("mediaType");
        String artifactType = f.string("artifactType");
        Descriptor config = f.object("config", ModelReader::descriptor);
        List<Descriptor> layers = f.objects("layers", ModelReader::descriptor);
        Descriptor subject = f.object("subject", ModelReader::descriptor);
        Map<String, String> annotations = f.stringMap("annotations");
        return f.build(() -> new ImageManifest(schemaVersion, mediaType, artifactType, config, layers, subject,
                annotations, f.extra()));
    }

    static Descriptor descriptor(Fields f) throws IOException {
        String mediaType = f.string("mediaType");
        Digest digest = f.digest("digest");
        long size = f.longValue("size");
        List<String> urls = f.strings("urls");
        Map<String, String> annotations = f.stringMap("annotations");
        String data = f.string("data");
        Platform platform = f.object("platform", ModelReader::platform);
        String artifactType = f.string("artifactType");
        return f.build(() -> new Descriptor(mediaType, digest, size, urls, annotations, data, platform, artifactType,
                f.extra()));
    }

    static Platform platform(Fields f) throws IOException {
        String architecture = f.string("architecture");
        String os = f.string("os");
        String osVersion = f.string("os.version");
        List<String> osFeatures = f.strings("os.features");
        String variant = f.string("variant");
        return f.build(() -> new Platform(architecture, os, osVersion, osFeatures, variant, f.extra()));
    }

    static ImageConfig config(Fields f) throws IOException {
        String created = f.string("created");
        String author = f.string("author");
        String architecture = f.string("architecture");
        String os = f.string("os");
        String osVersion = f.string("os.version");
        List<String> osFeatures = f.strings("os.features");
        String variant = f.string("variant");
        ContainerConfig config = f.object("config", ModelReader::containerConfig);
        ImageConfig.RootFs rootfs = f.object("rootfs", ModelReader::rootfs);
        List<ImageConfig.History> history = f.objects("history", ModelReader::history);
        return f.build(() -> new ImageConfig(created, author, architecture, os, osVersion, osFeatures, variant, config,
                rootfs, history, f.extra()));
    }

    static ImageConfig.RootFs rootfs(Fields f) throws IOException {
        String type = f.string("type");
        List<Digest> diffIds = f.digests("diff_ids");
        return f.build(() -> new ImageConfig.RootFs(type, diffIds, f.extra()));
    }

    static ImageConfig.History history(Fields f) throws IOException {
        String created = f.string("created");
        String createdBy = f.string("created_by");
        String author = f.string("author");
        String comment = f.string("comment");
        Boolean emptyLayer = f.bool("empty_layer");
        return f.build(() -> new ImageConfig.History(created, createdBy, author, comment, emptyLayer, f.extra()));
    }

    static ContainerConfig containerConfig(Fields f) throws IOException {
        String user = f.string("User");
        Set<String> exposedPorts = f.keys("ExposedPorts");
        List<String> env = f.strings("Env");
        List<String> entrypoint = f.strings("Entrypoint");
        List<String> cmd = f.strings("Cmd");
        Set<String> volumes = f.keys("Volumes");
        String workingDir = f.string("WorkingDir");
        Map<String, String> labels = f.stringMap("Labels");
        String stopSignal = f.string("StopSignal");
        Boolean argsEscaped = f.bool("ArgsEscaped");
        ContainerConfig.Healthcheck healthcheck = f.object("Healthcheck", ModelReader::healthcheck);
        List<String> onBuild = f.strings("OnBuild");
        List<String> shell = f.strings("Shell");
        return f.build(() -> new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels,
                stopSignal, argsEscaped, healthcheck, onBuild, shell, f.extra()));
    }

    static ContainerConfig.Healthcheck healthcheck(Fields f) throws IOException {
        List<String> test = f.strings("Test");
        Long interval = f.optionalLong("Interval");
        Long timeout = f.optionalLong("Timeout");
        Long startPeriod = f.optionalLong("StartPeriod");
        Long startInterval = f.optionalLong("StartInterval");
        Long retries = f.optionalLong("Retries");
        if (retries != null && (retries < Integer.MIN_VALUE || retries > Integer.MAX_VALUE)) {
            throw f.invalid("Retries", "out of range");
        }
        return f.build(() -> new ContainerConfig.Healthcheck(test, interval, timeout, startPeriod, startInterval,
                retries == null ? null : retries.intValue(), f.extra()));
    }

    /** Reads one object of the model. */
    @FunctionalInterface
    interface ObjectReader<T> {
        T read(Fields fields) throws IOException;
    }

    /** Reads one element of an array. */
    @FunctionalInterface
    interface ValueReader<T> {
        T read(JsonNode value, String path) throws IOException;
    }

    /** Makes the record once its fields are read; a constructor's complaint becomes an IOException. */
    @FunctionalInterface
    interface Maker<T> {
        T make();
    }

    /** The fields of one JSON object, read by name; the ones never asked for are the object's extras. */
    static final class Fields {
        private final JsonNode object;
        private final String path;
        private final String document;
        private final Set<String> known = new HashSet<>();

        private Fields(JsonNode object, String path, String document) {
            this.object = object;
            this.path = path;
            this.document = document;
        }

        static Fields root(JsonNode tree, String document) throws IOException {
            if (tree == null || !tree.isObject()) {
                throw new IOException("invalid " + document + ": expected a JSON object, got "
                        + kind(tree));
            }
            return new Fields(tree, "", document);
        }

        private JsonNode get(String name) {
            known.add(name);
            JsonNode v = object.get(name);
            return v == null || v.isNull() ? null : v;
        }

        private String pathOf(String name) {
            return path.isEmpty() ? name : path + "." + name;
        }

        IOException invalid(String name, String problem) {
            return invalidAt(pathOf(name), problem);
        }

        private IOException invalidAt(String at, String problem) {
            return new IOException("invalid " + document + ": \"" + at + "\": " + problem);
        }

        String string(String name) throws IOException {
            JsonNode v = get(name);
            if (v == null) {
                return null;
            }
            if (!v.isTextual()) {
                throw invalid(name, "expected a string, got " + kind(v));
            }
            return v.textValue();
        }

        Boolean bool(String name) throws IOException {
            JsonNode v = get(name);
            if (v == null) {
                return null;
            }
            if (!v.isBoolean()) {
                throw invalid(name, "expected true or false, got " + kind(v));
            }
            return v.booleanValue();
        }

        Long optionalLong(String name) throws IOException {
            JsonNode v = get(name);
            if (v == null) {
                return null;
            }
            if (!v.isIntegralNumber()) {
                throw invalid(name, "expected a whole number, got " + kind(v));
            }
            if (!v.canConvertToLong()) {
                throw invalid(name, "number " + v.bigIntegerValue() + " is out of range of long");
            }
            return v.longValue();
        }

        long longValue(String name) throws IOException {
            Long v = optionalLong(name);
            return v == null ? 0 : v;
        }

        int integer(String name) throws IOException {
            long v = longValue(name);
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw invalid(name, "out of range: " + v);
            }
            return (int) v;
        }

        Digest digest(String name) throws IOException {
            JsonNode v = get(name);
            return v == null ? null : asDigest(v, pathOf(name), this);
        }

        List<Digest> digests(String name) throws IOException {
            return list(name, (v, at) -> asDigest(v, at, this));
        }

        private static Digest asDigest(JsonNode v, String at, Fields owner) throws IOException {
            String problem;
            if (v.isTextual()) {
                try {
                    return Digest.parse(v.textValue());
                } catch (IllegalArgumentException e) {
                    problem = e.getMessage();
                }
            } else {
                problem = "expected a digest string, got " + kind(v);
            }
            throw owner.invalidAt(at, problem);
        }

        List<String> strings(String name) throws IOException {
            return list(name, (v, at) -> {
                if (!v.isTextual()) {
                    throw invalidAt(at, "expected a string, got " + kind(v));
                }
                return v.textValue();
            });
        }

        /** An array; null or absent is an empty list. */
        <T> List<T> list(String name, ValueReader<T> reader) throws IOException {
            JsonNode v = get(name);
            if (v == null) {
                return List.of();
            }
            if (!v.isArray()) {
                throw invalid(name, "expected an array, got " + kind(v));
            }
            List<T> out = new ArrayList<>(v.size());
            for (int i = 0; i < v.size(); i++) {
                JsonNode element = v.get(i);
                String at = pathOf(name) + "[" + i + "]";
                if (element.isNull()) {
                    throw invalidAt(at, "null in an array");
                }
                out.add(reader.read(element, at));
            }
            return out;
        }

        /** An array of objects. */
        <T> List<T> objects(String name, ObjectReader<T> reader) throws IOException {
            return list(name, (v, at) -> reader.read(nested(v, at)));
        }

        <T> T object(String name, ObjectReader<T> reader) throws IOException {
            JsonNode v = get(name);
            return v == null ? null : reader.read(nested(v, pathOf(name)));
        }

        private Fields nested(JsonNode v, String at) throws IOException {
            if (!v.isObject()) {
                throw invalidAt(at, "expected an object, got " + kind(v));
            }
            return new Fields(v, at, document);
        }

        /** An object of strings; a null value stays null, as Go's map[string]string would not allow but tolerates. */
        Map<String, String> stringMap(String name) throws IOException {
            JsonNode v = get(name);
            if (v == null) {
                return Map.of();
            }
            if (!v.isObject()) {
                throw invalid(name, "expected an object of strings, got " + kind(v));
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode value = e.getValue();
                if (!value.isTextual() && !value.isNull()) {
                    throw invalidAt(pathOf(name) + "." + e.getKey(), "expected a string, got " + kind(value));
                }
                out.put(e.getKey(), value.isNull() ? null : value.textValue());
            }
            return out;
        }

        /** Go's map[string]struct{}: the keys of an object, whatever their values. */
        Set<String> keys(String name) throws IOException {
            JsonNode v = get(name);
            if (v == null) {
                return null;
            }
            if (!v.isObject()) {
                throw invalid(name, "expected an object whose values are {}, got " + kind(v));
            }
            Set<String> out = new TreeSet<>();
            v.fieldNames().forEachRemaining(out::add);
            return out;
        }

        /** The fields no reader asked for, kept to be written back. */
        Map<String, JsonNode> extra() {
            Map<String, JsonNode> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!known.contains(e.getKey())) {
                    out.put(e.getKey(), e.getValue());
                }
            }
            return out;
        }

        <T> T build(Maker<T> maker) throws IOException {
            try {
                return maker.make();
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IOException("invalid " + document + (path.isEmpty() ? "" : ": \"" + path + "\"") + ": "
                        + e.getMessage(), e);
            }
        }

        private static String kind(JsonNode v) {
            if (v == null || v.isNull()) {
                return "null";
            }
            return switch (v.getNodeType()) {
                case STRING -> "a string";
                case NUMBER -> "a number";
                case BOOLEAN -> "a boolean";
                case ARRAY -> "an array";
                case OBJECT -> "an object";
                default -> v.getNodeType().toString().toLowerCase(Locale.ROOT);
            };
        }
    }
}
