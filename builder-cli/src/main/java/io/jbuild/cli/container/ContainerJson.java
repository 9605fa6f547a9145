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
import io.jbuild.core.image.OciJson;
import io.jbuild.core.store.ImageStore;
import java.io.IOException;
import java.util.Optional;

/** {@code jbuild inspect CONTAINER}: docker's fields of a container that jbuild has (a one-element array). */
public final class ContainerJson {

    /** docker's time for "never". */
    private static final String NEVER = "0001-01-01T00:00:00Z";

    private ContainerJson() {
    }

    /** The container's JSON, indented as docker's; empty if {@code ref} names no container. */
    public static Optional<String> inspect(ImageStore store, String ref) throws IOException {
        Container c;
        try {
            c = new Containers(store).resolve(ref);
        } catch (ContainerException.NoSuch e) {
            return Optional.empty();
        }
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        array.add(json(c));
        return Optional.of(OciJson.pretty(OciJson.writeTree(array)));
    }

    static ObjectNode json(Container c) {
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
        ObjectNode hostConfig = o.putObject("HostConfig").put("NetworkMode", r.network());
        ObjectNode requested = hostConfig.putObject("PortBindings"); // as asked for: kept while stopped
        for (String p : r.ports()) {
            for (PortMapping m : PortSpec.parse(p)) {
                binding(requested, m, m.hostIp().equals(PortMapping.ANY) ? "" : m.hostIp());
            }
        }
        ObjectNode config = o.putObject("Config");
        config.put("Hostname", r.shortId());
        config.put("User", r.user());
        ArrayNode env = config.putArray("Env");
        r.env().forEach(env::add);
        ArrayNode cmd = config.putArray("Cmd"); // the command as run: ENTRYPOINT and CMD already joined
        r.args().forEach(cmd::add);
        config.put("Image", r.image());
        config.put("WorkingDir", r.workdir());
        config.putNull("Entrypoint");
        config.put("StopSignal", r.stopSignal());
        ObjectNode ports = o.putObject("NetworkSettings").putObject("Ports");
        for (PortMapping m : s.ports()) { // as published: the host ports actually bound, while running
            binding(ports, m, m.hostIp());
        }
        return o;
    }

    private static void binding(ObjectNode ports, PortMapping m, String hostIp) {
        ArrayNode bindings = ports.has(m.key()) ? (ArrayNode) ports.get(m.key()) : ports.putArray(m.key());
        bindings.addObject().put("HostIp", hostIp).put("HostPort", m.hostPortText());
    }
}
