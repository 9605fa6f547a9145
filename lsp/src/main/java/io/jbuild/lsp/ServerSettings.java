package io.jbuild.lsp;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the client configured in {@code initializationOptions}: {@code {"config": "path/.hadolint.yaml",
 * "buildArgs": {"NAME": "value"}}} (both optional), and the workspace folders, where a configuration file is looked
 * for after the Dockerfile's own directory.
 *
 * @param config     the configuration file, as {@code jbuild lint --config} takes it
 * @param buildArgs  build arguments, as {@code jbuild lint --build-arg} takes them
 * @param workspaces the workspace folders
 */
record ServerSettings(Optional<Path> config, Map<String, String> buildArgs, List<Path> workspaces) {

    static final ServerSettings NONE = new ServerSettings(Optional.empty(), Map.of(), List.of());

    ServerSettings {
        buildArgs = Map.copyOf(buildArgs);
        workspaces = List.copyOf(workspaces);
    }

    /** The settings in {@code options} (a JSON value as LSP4J reads it); what is not understood is left out. */
    static ServerSettings from(Object options, List<Path> workspaces) {
        Optional<Path> config = Optional.empty();
        Map<String, String> args = new LinkedHashMap<>();
        if (options instanceof JsonObject o) {
            JsonElement c = o.get("config");
            if (c != null && c.isJsonPrimitive() && !c.getAsString().isEmpty()) {
                config = Optional.of(Path.of(c.getAsString()));
            }
            JsonElement a = o.get("buildArgs");
            if (a != null && a.isJsonObject()) {
                for (Map.Entry<String, JsonElement> e : a.getAsJsonObject().entrySet()) {
                    if (e.getValue().isJsonPrimitive()) {
                        args.put(e.getKey(), e.getValue().getAsString());
                    }
                }
            }
        }
        return new ServerSettings(config, args, workspaces);
    }
}
