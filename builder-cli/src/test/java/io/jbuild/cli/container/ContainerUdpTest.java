package io.jbuild.cli.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jbuild.cli.CliRunner;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -p 127.0.0.1:P:5353/udp} through slirp4netns with real runc and conmon: a datagram sent to the host address
 * reaches the server in the container (its log shows it). Its answer does not come back to a loopback client: the
 * container sees it from 10.0.2.2, the host's loopback, which {@code --disable-host-loopback} closes to replies too
 * (podman#4586; README). busybox-static has no UDP server applet, so the server is the host's perl (Essential on
 * Debian), its /usr bind-mounted read-only.
 */
class ContainerUdpTest {

    private static final String SERVER = "/bin/ln -s usr/lib /lib; /bin/ln -s usr/lib64 /lib64; exec /usr/bin/perl"
            + " -MIO::Socket::INET -e '$|=1; my $s = IO::Socket::INET->new(LocalPort => 5353, Proto => \"udp\")"
            + " or die \"bind: $!\"; print \"ready\\n\"; while ($s->recv(my $m, 1024)) { print \"got $m\\n\" }'";

    @TempDir
    static Path tmp;
    static String store;

    @BeforeAll
    static void base() throws IOException {
        assumeTrue(ContainerLifecycleTest.isRoot() && Files.isExecutable(Path.of("/usr/sbin/runc"))
                        && Files.isExecutable(Path.of("/bin/busybox")) && Files.isExecutable(Path.of("/usr/bin/conmon"))
                        && Files.isExecutable(Path.of("/usr/bin/slirp4netns")) && Files.isExecutable(Path.of("/usr/bin/perl")),
                "needs root, runc, conmon, slirp4netns, busybox-static and perl (installed by .ci/run)");
        store = tmp.resolve("store").toString();
        Path base = Files.createDirectories(tmp.resolve("busybox"));
        Files.copy(CliRunner.testdata().resolve("busybox/Dockerfile"), base.resolve("Dockerfile"));
        Files.copy(Path.of("/bin/busybox"), base.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        ok(CliRunner.run("build", "--root", store, "-t", "jbuild/busybox:latest", base.toString()));
    }

    @AfterAll
    static void removeAll() {
        if (store != null) {
            for (String id : CliRunner.run("ps", "--root", store, "-a", "-q", "--no-trunc").out().split("\n")) {
                if (!id.isBlank()) {
                    CliRunner.run("rm", "--root", store, "-f", id);
                }
            }
        }
    }

    @Test
    void aDatagramToThePublishedUdpPortReachesTheContainerAndTheAnswerComesBack() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            port = probe.getLocalPort();
        }
        ok(CliRunner.run("run", "--root", store, "-d", "--name", "udp", "-p", "127.0.0.1:" + port + ":5353/udp",
                "-v", "/usr:/usr:ro", "jbuild/busybox", "/bin/sh", "-c", SERVER));
        awaitLog("ready\n");
        assertThat(ok(CliRunner.run("port", "--root", store, "udp")).out())
                .isEqualTo("5353/udp -> 127.0.0.1:" + port + "\n");
        assertThat(ok(CliRunner.run("ps", "--root", store)).out()).contains("127.0.0.1:" + port + "->5353/udp");

        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            // UDP: a datagram may be lost, so send again until the container's log shows one
            while (!CliRunner.run("logs", "--root", store, "udp").out().contains("got ping\n")) {
                assertThat(System.nanoTime()).as("a datagram in the container's log within 20 s").isLessThan(deadline);
                client.send(new DatagramPacket(ping, ping.length, InetAddress.getLoopbackAddress(), port));
                Thread.sleep(200);
            }
        }
        ok(CliRunner.run("rm", "--root", store, "-f", "udp"));
    }

    private static void awaitLog(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!CliRunner.run("logs", "--root", store, "udp").out().contains(text)) {
            assertThat(System.nanoTime()).as("\"%s\" in the log within 20 s: %s %s", text,
                    CliRunner.run("logs", "--root", store, "udp").out(),
                    CliRunner.run("logs", "--root", store, "udp").err()).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static CliRunner.Outcome ok(CliRunner.Outcome o) {
        assertThat(o.exitCode()).as(o.err()).isZero();
        return o;
    }
}
