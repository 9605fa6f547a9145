package io.jbuild.cli.container;

import io.jbuild.cli.image.StoreOptions;
import io.jbuild.core.container.Container;
import io.jbuild.core.container.Containers;
import io.jbuild.core.container.ports.PortMapping;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jbuild port}: the host addresses a running container's ports are published on, as docker port. */
@Command(name = "port", mixinStandardHelpOptions = true, description = {"List a running container's published "
        + "ports (or the host address of one), as docker port."})
public final class PortCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Parameters(index = "0", paramLabel = "CONTAINER", description = "Full ID, unique ID prefix or name.")
    String ref;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PRIVATE_PORT[/PROTO]", description = "Only this port "
            + "(tcp unless given).")
    String privatePort;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Container c;
        try {
            c = new Containers(store.open()).resolve(ref);
        } catch (IOException | RuntimeException e) {
            return Errors.report(err, "port", e);
        }
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
