package io.jbuild.cli.container;

import static org.assertj.core.api.Assertions.assertThat;


import io.jbuild.cli.BusyboxBase;
import io.jbuild.cli.CliRunner;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import java.nio.file.Path;

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
        BusyboxBase.assumeTools("/usr/bin/slirp4netns", "/usr/bin/perl");
        store = tmp.resolve("store").toString();
        BusyboxBase.build(store, tmp);
    }

    @AfterAll
    static void removeAll() {
        BusyboxBase.removeContainers(store);
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
