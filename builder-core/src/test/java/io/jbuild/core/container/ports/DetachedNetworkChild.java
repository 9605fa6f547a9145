package io.jbuild.core.container.ports;

import io.jbuild.core.exec.SlirpNetwork;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A JVM that starts a container's network in {@code args[0]}, publishes 127.0.0.1:any to port 80, prints the
 * slirp4netns pid and the host port, hands the network over and waits to be killed.
 */
public final class DetachedNetworkChild {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        SlirpNetwork network = SlirpNetwork.start(dir, SlirpNetwork.Options.CONTAINER);
        PortMapping bound = network.publish(PortSpec.parse("127.0.0.1::80").get(0));
        network.detach();
        System.out.println(Files.readString(dir.resolve("slirp4netns.pid")).strip() + " "
                + bound.hostPort());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
