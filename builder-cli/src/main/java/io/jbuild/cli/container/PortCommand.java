package io.jbuild.cli.container;

import io.jbuild.cli.Failure;
import io.jbuild.cli.Subcommand;
import io.jbuild.cli.image.StoreOptions;
import io.jbuild.core.container.Container;
import io.jbuild.core.container.Containers;
import io.jbuild.core.container.ports.PortMapping;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code jbuild port}: the host addresses a running container's ports are published on, as docker port. */
@Command(name = "port", mixinStandardHelpOptions = true, description = {"List a running container's published "
        + "ports (or the host address of one), as docker port."})
public final class PortCommand extends Subcommand {

    @Mixin
    StoreOptions store;

    @Parameters(index = "0", paramLabel = "CONTAINER", description = "Full ID, unique ID prefix or name.")
    String ref;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PRIVATE_PORT[/PROTO]", description = "Only this port "
            + "(tcp unless given).")
    String privatePort;

    public PortCommand() {
        super("port", Failure.CONTAINER);
    }

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws IOException {
        Container c = new Containers(store.open()).resolve(ref);
        List<PortMapping> ports = c.state().ports();
        if (privatePort == null) {
            ports.forEach(m -> out.println(m.key() + " -> " + address(m)));
            out.flush();
            return 0;
        }
        String key = privatePort.contains("/") ? privatePort : privatePort + "/tcp";
        List<PortMapping> matching = ports.stream().filter(m -> m.key().equals(key)).toList();
        if (matching.isEmpty()) {
            err.println("Error: No public port '" + key + "' published for " + ref);
            err.flush();
            return 1;
        }
        matching.forEach(m -> out.println(address(m)));
        out.flush();
        return 0;
    }

    private static String address(PortMapping m) {
        return (m.hostIp().contains(":") ? "[" + m.hostIp() + "]" : m.hostIp()) + ":" + m.hostPortText();
    }
}
