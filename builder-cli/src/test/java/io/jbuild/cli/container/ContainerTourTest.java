package io.jbuild.cli.container;

import static org.assertj.core.api.Assertions.assertThat;


import io.jbuild.cli.BusyboxBase;
import io.jbuild.cli.CliRunner;
import io.jbuild.cli.Shell;
import java.io.IOException;





import java.nio.file.Files;
import java.nio.file.Path;


import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed tutorial's container sections with jbuild in place of docker, through the real command line with real
 * runc, conmon and slirp4netns: a busybox httpd run -d with a published port and a bind-mounted site, fetched over
 * loopback; logs, exec, cp both ways, port, stop, ps -a, start (published again), rm -f, the clean-up of all
 * containers, and nothing left behind.
 */
class ContainerTourTest {

    @TempDir
    Path tmp;
    String store;

    @BeforeEach
    void base() throws IOException {
        BusyboxBase.assumeTools("/usr/bin/slirp4netns");
        store = tmp.resolve("store").toString();
        BusyboxBase.build(store, tmp);
    }

    @AfterEach
    void removeAll() {
        BusyboxBase.removeContainers(store);
    }

    @Test
    void theSeedsTour() throws Exception {
        Path site = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<h1>hello from jbuild</h1>\n");
        int port = ContainerChecks.freePort();

        // docker run -p 5000:80 -v $(pwd):/www -d IMAGE httpd ...
        Shell.Result run = Shell.run(Shell.jbuild("run", "--root", store, "-d", "--name", "web", "-p",
                "127.0.0.1:" + port + ":80", "-v", site + ":/www", "jbuild/busybox", "httpd", "-f", "-v", "-p", "80",
                "-h", "/www"));
        assertThat(run.exitCode()).as(run.output()).isZero();
        String id = run.output().strip();
        assertThat(id).matches("[0-9a-f]{64}");
        assertThat(ContainerChecks.fetch(port, "/")).isEqualTo("<h1>hello from jbuild</h1>\n");

        // what is published, as ps, port and inspect show it
        assertThat(ok(CliRunner.run("ps", "--root", store)).out())
                .containsPattern("Up .* +127\\.0\\.0\\.1:" + port + "->80/tcp +web\n");
        assertThat(ok(CliRunner.run("port", "--root", store, "web")).out())
                .isEqualTo("80/tcp -> 127.0.0.1:" + port + "\n");
        assertThat(ok(CliRunner.run("port", "--root", store, "web", "80")).out()).isEqualTo("127.0.0.1:" + port + "\n");
        CliRunner.Outcome noSuchPort = CliRunner.run("port", "--root", store, "web", "81/udp");
        assertThat(noSuchPort.exitCode()).isEqualTo(1);
        assertThat(noSuchPort.err()).isEqualTo("Error: No public port '81/udp' published for web\n");
        assertThat(ok(CliRunner.run("inspect", "--root", store, "web")).out()).containsPattern(
                "\"Ports\": \\{\\s*\"80/tcp\": \\[\\s*\\{\\s*\"HostIp\": \"127.0.0.1\",\\s*\"HostPort\": \"" + port + "\"");

        // docker logs: httpd -v logs each request on stderr (it came in through slirp4netns' gateway)
        assertThat(ok(CliRunner.run("logs", "--root", store, "web")).err()).contains("10.0.2.2]", "response:200");

        // docker exec web ls /www (output through a process of its own: exec hands its streams to the runtime)
        Shell.Result ls = Shell.run(Shell.jbuild("exec", "--root", store, "web", "ls", "/www"));
        assertThat(ls.exitCode()).as(ls.output()).isZero();
        assertThat(ls.output()).isEqualTo("index.html\n");
        Shell.Result failing = Shell.run(Shell.jbuild("exec", "--root", store, "web", "sh", "-c", "exit 3"));
        assertThat(failing.exitCode()).isEqualTo(3);

        // docker cp a file in (to the container's own file system, not the bind mount), then fetch it
        Path page = Files.writeString(tmp.resolve("page.html"), "copied in\n");
        Shell.Result mkdir = Shell.run(Shell.jbuild("exec", "--root", store, "web", "mkdir", "/www2"));
        assertThat(mkdir.exitCode()).as(mkdir.output()).isZero();
        ok(CliRunner.run("cp", "--root", store, page.toString(), "web:/www/page.html"));
        assertThat(ContainerChecks.fetch(port, "/page.html")).isEqualTo("copied in\n");
        assertThat(site.resolve("page.html")).hasContent("copied in"); // through the bind mount, as docker

        // docker cp a file out: the same bytes
        byte[] binary = new byte[70_000];
        new Random(17).nextBytes(binary);
        Files.write(tmp.resolve("blob"), binary);
        ok(CliRunner.run("cp", "--root", store, tmp.resolve("blob").toString(), "web:/www2/blob"));
        Path out = Files.createDirectories(tmp.resolve("out"));
        ok(CliRunner.run("cp", "--root", store, "web:/www2/blob", out + "/"));
        assertThat(Files.readAllBytes(out.resolve("blob"))).isEqualTo(binary);

        // '-': a tar stream both ways
        Shell.Result tarOut = Shell.run(Shell.jbuild("cp", "--root", store, "web:/www2/blob", "-")
                + " | tar -xOf - blob | cmp - " + Shell.quoted(tmp.resolve("blob").toString()));
        assertThat(tarOut.exitCode()).as(tarOut.output()).isZero();
        Shell.Result tarIn = Shell.run("tar -cf - -C " + Shell.quoted(tmp.toString()) + " page.html | "
                + Shell.jbuild("cp", "--root", store, "-", "web:/www2"));
        assertThat(tarIn.exitCode()).as(tarIn.output()).isZero();
        Shell.Result cat = Shell.run(Shell.jbuild("exec", "--root", store, "web", "cat", "/www2/page.html"));
        assertThat(cat.output()).isEqualTo("copied in\n");

        // stop: Exited in ps -a, the port no longer answers, nothing published
        ok(CliRunner.run("stop", "--root", store, "-t", "2", "web"));
        assertThat(ok(CliRunner.run("ps", "--root", store, "-a")).out()).containsPattern("Exited \\(\\d+\\) .* ago +web");
        assertThat(ok(CliRunner.run("port", "--root", store, "web")).out()).isEmpty();
        assertThat(ContainerChecks.answers(port)).isFalse();
        // cp works on a stopped container too: its own file system, mounted for the while
        Path out2 = Files.createDirectories(tmp.resolve("out2"));
        ok(CliRunner.run("cp", "--root", store, "web:/www2/blob", out2.resolve("again").toString()));
        assertThat(Files.readAllBytes(out2.resolve("again"))).isEqualTo(binary);
        CliRunner.Outcome stoppedExec = CliRunner.run("exec", "--root", store, "web", "true");
        assertThat(stoppedExec.exitCode()).isEqualTo(1);
        assertThat(stoppedExec.err()).isEqualTo("Error response from daemon: Container " + id + " is not running\n");

        // start: the same port forwarded again, the copied file still there
        ok(CliRunner.run("start", "--root", store, "web"));
        assertThat(ContainerChecks.fetch(port, "/")).isEqualTo("<h1>hello from jbuild</h1>\n");
        Shell.Result kept = Shell.run(Shell.jbuild("exec", "--root", store, "web", "cat", "/www2/blob"));
        assertThat(kept.exitCode()).isZero();

        // a second server asking for the same host port: docker's message, and nothing of it left
        Shell.Result taken = Shell.run(Shell.jbuild("run", "--root", store, "-d", "--name", "web2", "-p",
                "127.0.0.1:" + port + ":80", "jbuild/busybox", "httpd", "-f", "-p", "80"));
        assertThat(taken.exitCode()).isEqualTo(125);
        assertThat(taken.output()).contains("Bind for 127.0.0.1:" + port + " failed: port is already allocated");
        assertThat(ok(CliRunner.run("ps", "--root", store, "-a")).out()).doesNotContain("web2");
        assertThat(ContainerChecks.fetch(port, "/")).isEqualTo("<h1>hello from jbuild</h1>\n");

        // rm -f, then the clean-up of all: docker rm $(docker ps -a -q) -f
        Shell.Result other = Shell.run(Shell.jbuild("run", "--root", store, "-d", "-p", "127.0.0.1::80",
                "jbuild/busybox", "httpd", "-f", "-p", "80"));
        assertThat(other.exitCode()).as(other.output()).isZero();
        String otherId = other.output().strip();
        ok(CliRunner.run("rm", "--root", store, "-f", "web"));
        assertThat(ContainerChecks.answers(port)).isFalse();
        List<String> all = ok(CliRunner.run("ps", "--root", store, "-a", "-q")).out().lines().toList();
        assertThat(all).containsExactly(otherId.substring(0, 12));
        Shell.Result cleanUp = Shell.run(Shell.jbuild("rm", "--root", store, otherId.substring(0, 12), "-f"));
        assertThat(cleanUp.exitCode()).as(cleanUp.output()).isZero();
        assertThat(ok(CliRunner.run("ps", "--root", store, "-a", "-q")).out()).isEmpty();
        for (String c : List.of(id, otherId)) {
            assertNothingLeft(c);
        }
    }

    @Test
    void publishingMistakesAndOtherNetworks() {
        CliRunner.Outcome bad = CliRunner.run("run", "--root", store, "-d", "-p", "abc:80", "jbuild/busybox", "true");
        assertThat(bad.exitCode()).isEqualTo(125);
        assertThat(bad.err()).isEqualTo("jbuild run: Invalid hostPort: abc\n");
        assertThat(ok(CliRunner.run("ps", "--root", store, "-a", "-q")).out()).isEmpty();

        // docker: published ports are discarded on the host's network, with a warning
        CliRunner.Outcome host = CliRunner.run("run", "--root", store, "--rm", "--network", "host", "-p", "5000:80",
                "jbuild/busybox", "true");
        assertThat(host.exitCode()).as(host.err()).isZero();
        assertThat(host.err()).isEqualTo("WARNING: Published ports are discarded when using host network mode\n");
    }

    private void assertNothingLeft(String id) {
        ContainerChecks.assertNothingLeft(store, id);
        ContainerChecks.assertNoProcessOfTheStore(store);
    }

    private static CliRunner.Outcome ok(CliRunner.Outcome o) {
        assertThat(o.exitCode()).as(o.err()).isZero();
        return o;
    }
}
