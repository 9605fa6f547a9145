package io.jbuild.cli.container;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jbuild.core.container.Container;
import io.jbuild.core.container.ContainerException;
import io.jbuild.core.container.ContainerRecord;
import io.jbuild.core.container.ContainerState;
import io.jbuild.core.container.Containers;
import io.jbuild.core.container.ports.PortMapping;
import io.jbuild.core.container.ports.PortSpec;
import io.jbuild.core.image.ContainerConfig;
import io.jbuild.core.image.OciJson;
import io.jbuild.core.store.ImageStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** {@code jbuild inspect CONTAINER}: docker's fields of a container that jbuild has (a one-element array). */
public final class ContainerJson {

    /** docker's time for "never". */
    private static final String NEVER = "0001-01-01T00:00:00Z";

    private ContainerJson() {
    }

    /** The container's JSON, indented as docker's; empty if {@code ref} names no container. */
    public static Optional<String> inspect(ImageStore store, String ref) throws IOException {
        Optional<ObjectNode> o = object(store, ref);
        if (o.isEmpty()) {
            return Optional.empty();
        }
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        array.add(o.get());
        return Optional.of(OciJson.pretty(OciJson.writeTree(array)));
    }

    /** The container's object, as one element of docker inspect's array; empty if {@code ref} names no container. */
    public static Optional<ObjectNode> object(ImageStore store, String ref) throws IOException {
        Container c;
        try {
            c = new Containers(store).resolve(ref);
        } catch (ContainerException.NoSuch e) {
            return Optional.empty();
        }
        return Optional.of(json(c, imageConfig(store, c.record().imageId())));
    }

    /** The container's image's config, for what docker shows of it; empty if the image was removed since. */
    private static ContainerConfig imageConfig(ImageStore store, String imageId) {
        try {
            ContainerConfig c = store.resolve(imageId).config().config();
            return c == null ? ContainerConfig.empty() : c;
        } catch (IOException | RuntimeException e) {
            return ContainerConfig.empty();
        }
    }

    static ObjectNode json(Container c, ContainerConfig image) {
        ContainerRecord r = c.record();
        ContainerState s = c.state();
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("Id", r.id());
        o.put("Created", r.created());
        o.put("Path", r.args().get(0));
        ArrayNode args = o.putArray("Args");
        r.args().subList(1, r.args().size()).forEach(args::add);
        ObjectNode state = o.putObject("State");
        state.put("Status", s.status());
        state.put("Running", s.running());
        state.put("Paused", false);
        state.put("Restarting", false);
        state.put("OOMKilled", false);
        state.put("Dead", false);
        state.put("Pid", s.pid());
        state.put("ExitCode", s.exitCode());
        state.put("Error", s.error());
        state.put("StartedAt", s.startedAt().isEmpty() ? NEVER : s.startedAt());
        state.put("FinishedAt", s.finishedAt().isEmpty() ? NEVER : s.finishedAt());
        o.put("Image", r.imageId());
        o.put("Name", "/" + r.name());
        o.put("RestartCount", 0);
        ArrayNode mounts = o.putArray("Mounts");
        for (ContainerRecord.Bind b : r.mounts()) {
            mounts.addObject().put("Type", "bind").put("Source", b.source()).put("Destination", b.destination())
                    .put("Mode", b.readOnly() ? "ro" : "").put("RW", !b.readOnly()).put("Propagation", "rprivate");
        }
        ObjectNode hostConfig = o.putObject("HostConfig").put("NetworkMode", r.network())
                .put("AutoRemove", r.autoRemove());
        ObjectNode requested = hostConfig.putObject("PortBindings"); // as asked for: kept while stopped
        for (String p : r.ports()) {
            for (PortMapping m : PortSpec.parse(p)) {
                binding(requested, m, m.hostIp().equals(PortMapping.ANY) ? "" : m.hostIp());
            }
        }
        // Config in docker's order and with its empty values (image-only fields from the image's config)
        ObjectNode config = o.putObject("Config");
        config.put("Hostname", r.shortId());
        config.put("Domainname", "");
        config.put("User", r.user());
        config.put("AttachStdin", false);
        config.put("AttachStdout", false);
        config.put("AttachStderr", false);
        Set<String> exposed = new TreeSet<>(image.exposedPorts() == null ? Set.of() : image.exposedPorts());
        for (String p : r.ports()) {
            PortSpec.parse(p).forEach(m -> exposed.add(m.key()));
        }
        if (!exposed.isEmpty()) {
            ObjectNode e = config.putObject("ExposedPorts");
            exposed.forEach(e::putObject);
        }
        config.put("Tty", r.tty());
        config.put("OpenStdin", r.interactive());
        config.put("StdinOnce", false);
        ArrayNode env = config.putArray("Env");
        dockerEnvOrder(r.env(), image.env() == null ? List.of() : image.env()).forEach(env::add);
        strings(config, "Cmd", r.cmd() != null || r.entrypoint() != null ? r.cmd() : r.args());
        config.put("Image", r.image());
        config.putNull("Volumes");
        config.put("WorkingDir", r.workdir().equals("/") && (image.workingDir() == null
                || image.workingDir().isEmpty()) ? "" : r.workdir());
        strings(config, "Entrypoint", r.entrypoint());
        config.putNull("OnBuild");
        ObjectNode labels = config.putObject("Labels");
        if (image.labels() != null) {
            new TreeMap<>(image.labels()).forEach(labels::put);
        }
        if (image.stopSignal() != null && !image.stopSignal().isEmpty()) {
            config.put("StopSignal", r.stopSignal()); // docker shows it only when the image sets one
        }
        ObjectNode ports = o.putObject("NetworkSettings").putObject("Ports");
        if (s.running()) {
            for (PortMapping m : s.ports()) { // as published: the host ports actually bound
                binding(ports, m, m.hostIp());
            }
            for (String e : exposed) {
                if (!ports.has(e)) {
                    ports.putNull(e); // exposed, not published
                }
            }
        }
        return o;
    }

    private static void strings(ObjectNode o, String field, List<String> values) {
        if (values == null) {
            o.putNull(field);
        } else {
            ArrayNode a = o.putArray(field);
            values.forEach(a::add);
        }
    }

    /** docker's Config.Env: the variables given ({@code -e}) first, then the image's that they do not replace. */
    private static List<String> dockerEnvOrder(List<String> env, List<String> imageEnv) {
        List<String> given = new ArrayList<>();
        List<String> fromImage = new ArrayList<>();
        for (String kv : env) {
            (imageEnv.contains(kv) ? fromImage : given).add(kv);
        }
        given.addAll(fromImage);
        return given;
    }

    private static void binding(ObjectNode ports, PortMapping m, String hostIp) {
        ArrayNode bindings = ports.has(m.key()) ? (ArrayNode) ports.get(m.key()) : ports.putArray(m.key());
        bindings.addObject().put("HostIp", hostIp).put("HostPort", m.hostPortText());
    }
}
