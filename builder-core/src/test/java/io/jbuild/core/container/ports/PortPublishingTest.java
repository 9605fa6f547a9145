package io.jbuild.core.container.ports;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbuild.core.container.exec.BusyboxContainer;
import io.jbuild.core.exec.SlirpNetwork;
import io.jbuild.core.snapshot.Mounts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -p} as docker reads it, and published through slirp4netns to a runc container serving on port 80. */
class PortPublishingTest {

    @TempDir
    Path tmp;

    @Test
    void dockersForms() {
        assertThat(PortSpec.parse("80")).containsExactly(new PortMapping("0.0.0.0", 0, 80, "tcp"));
        assertThat(PortSpec.parse("127.0.0.1:5000:80/udp")).containsExactly(new PortMapping("127.0.0.1", 5000, 80,
                "udp"));
        assertThat(PortSpec.parse("127.0.0.1::80")).containsExactly(new PortMapping("127.0.0.1", 0, 80, "tcp"));
        assertThat(PortSpec.parse(":80")).containsExactly(new PortMapping("0.0.0.0", 0, 80, "tcp"));
        assertThat(PortSpec.parse("8000-8001:80-81")).containsExactly(new PortMapping("0.0.0.0", 8000, 80, "tcp"),
                new PortMapping("0.0.0.0", 8001, 81, "tcp"));
        assertThat(PortSpec.parse("8000-8010:80")).containsExactly(new PortMapping("0.0.0.0", 8000, 8010, 80, "tcp"));
        assertThat(PortSpec.parse("[::1]:5000:80")).containsExactly(new PortMapping("::1", 5000, 80, "tcp"));
        assertThat(PortSpec.parse("127.0.0.1:5000:80").get(0)).hasToString("127.0.0.1:5000->80/tcp");
    }

    @Test
    void dockersErrors() {
        // the texts docker 20.10 prints for each
        for (var c : List.of(List.of("80x", "Invalid containerPort: 80x"), List.of("abc:80", "Invalid hostPort: abc"),
                List.of("1.2.3:80:80", "Invalid ip address: 1.2.3"), List.of("80:80/foo", "Invalid proto: foo"),
                List.of("8000-8002:80-81",
                        "Invalid ranges specified for container and host Ports: 80-81 and 8000-8002"),
                List.of("", "No port specified: <empty>"), List.of("70000:80", "Invalid hostPort: 70000"),
                List.of("localhost:80:80", "Invalid ip address: localhost"))) {
            assertThatThrownBy(() -> PortSpec.parse(c.get(0))).hasMessage(c.get(1));
        }
    }

    @Test
    void aPublishedPortAnswersOnTheHostsLoopback() throws Exception {
        Path netDir = Files.createDirectories(tmp.resolve("net"));
        try (SlirpNetwork network = SlirpNetwork.start(netDir, SlirpNetwork.Options.CONTAINER)) {
            PortMapping bound = network.publish(PortSpec.parse("127.0.0.1::80").get(0));
            assertThat(bound.hostPort()).isPositive();
            String id = "ctrparts-web-" + ProcessHandle.current().pid();
            try (BusyboxContainer c = BusyboxContainer.start(tmp.resolve("c"), id,
                    List.of("/bin/busybox", "httpd", "-f", "-p", "80", "-h", "/www"), network.namespace(), null)) {
                Files.writeString(c.rootfs.resolve("www/index.html"), "served from the container\n");
                assertThat(fetch(bound.hostPort())).isEqualTo("served from the container\n");
            }
        }
        assertThat(Mounts.under(tmp)).isEmpty();
        assertThat(netDir.resolve("netns")).doesNotExist();
    }

    @Test
    void aTakenPortIsNamedAndNothingIsLeft() throws Exception {
        Path netDir = Files.createDirectories(tmp.resolve("net"));
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            long slirp;
            try (SlirpNetwork network = SlirpNetwork.start(netDir, SlirpNetwork.Options.CONTAINER)) {
                slirp = Long.parseLong(Files.readString(netDir.resolve("slirp4netns.pid")).strip());
                assertThatThrownBy(() -> network.publish(PortSpec.parse("127.0.0.1:" + port + ":80").get(0)))
                        .hasMessage("Bind for 127.0.0.1:" + port + " failed: port is already allocated");
                // a range takes the first free port of it: not the taken one
                PortMapping ranged = network.publish(PortSpec.parse("127.0.0.1:" + port + "-" + (port + 20) + ":80")
                        .get(0));
                assertThat(ranged.hostPort()).isBetween(port + 1, port + 20);
                assertThat(ranged).hasToString("127.0.0.1:" + ranged.hostPort() + "->80/tcp");
            }
            assertThat(ProcessHandle.of(slirp).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
            assertThat(Mounts.under(tmp)).isEmpty();
            try (var s = Files.list(netDir)) {
                assertThat(s.map(p -> p.getFileName().toString()).toList()).containsOnly("slirp4netns.log");
            }
        }
    }

    @Test
    void aContainersSlirp4netnsOutlivesItsStarterUntilRecovered() throws Exception {
        Path netDir = Files.createDirectories(tmp.resolve("net"));
        SlirpNetwork network = SlirpNetwork.start(netDir, SlirpNetwork.Options.CONTAINER);
        long pid = Long.parseLong(Files.readString(netDir.resolve("slirp4netns.pid")).strip());
        network.detach();
        network.close(); // a detached network is no longer ours to stop
        // its exit pipe is not ours either: it is in its own session, without --exit-fd
        assertThat(ProcessHandle.of(pid).orElseThrow().isAlive()).isTrue();
        String cmd = ProcessHandle.of(pid).orElseThrow().info().commandLine().orElse("");
        assertThat(cmd).contains("--api-socket").doesNotContain("--exit-fd");
        assertThat(SlirpNetwork.recover(netDir)).isTrue();
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
        assertThat(Mounts.under(tmp)).isEmpty();
    }

    @Test
    void aContainersNetworkKeepsForwardingAfterItsJvmIsKilled() throws Exception {
        Path netDir = Files.createDirectories(tmp.resolve("net"));
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", classPath, DetachedNetworkChild.class.getName(), netDir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String[] line;
        try {
            line = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8)).readLine()
                    .split(" ");
        } finally {
            child.destroyForcibly(); // kill -9
            child.waitFor();
        }
        long slirp = Long.parseLong(line[0]);
        int port = Integer.parseInt(line[1]);
        try {
            Thread.sleep(500); // a RUN step's slirp4netns would be gone by now (its exit pipe closed)
            assertThat(ProcessHandle.of(slirp).map(ProcessHandle::isAlive)).contains(true);
            try (BusyboxContainer c = BusyboxContainer.start(tmp.resolve("c"), "ctrparts-orphan-"
                    + ProcessHandle.current().pid(), List.of("/bin/busybox", "httpd", "-f", "-p", "80", "-h", "/www"),
                    netDir.resolve("netns"), null)) {
                Files.writeString(c.rootfs.resolve("www/index.html"), "still published\n");
                assertThat(fetch(port)).isEqualTo("still published\n");
            }
        } finally {
            assertThat(SlirpNetwork.recover(netDir)).isTrue();
        }
        ProcessHandle.of(slirp).ifPresent(p -> p.onExit().join());
        assertThat(Mounts.under(tmp)).isEmpty();
    }

    private static String fetch(int port) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        IOException last = null;
        for (int attempt = 0; attempt < 50; attempt++) { // httpd may not listen yet
            try {
                return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/index.html"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw last;
    }
}
