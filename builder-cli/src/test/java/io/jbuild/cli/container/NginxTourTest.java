package io.jbuild.cli.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jbuild.cli.BusyboxBase;
import io.jbuild.cli.CliRunner;
import io.jbuild.cli.Shell;
import io.jbuild.core.build.DebianBase;
import io.jbuild.core.store.ImageStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed tutorial's own nginx (docker-basics 1.2.1–1.2.10 and 1.5), with jbuild in place of docker: the image is
 * built on the debootstrap Debian base with {@code apt-get install nginx-light} from Debian's mirror
 * (testdata/nginx-debian), then run -d with a published port and the seed's volume, fetched over loopback, and
 * taken through ps, inspect, logs -f, exec, cp both ways, stop (its STOPSIGNAL SIGQUIT), ps -a, start, rm -f and
 * the seed's clean-up, with nothing left behind. Slow: the build fetches nginx (and on a run's first Debian test the
 * base's 200 MB layer is built). Skipped, not failed, when the base cannot be made or Debian's mirror cannot be
 * reached, since then nothing of ours was tested.
 */
class NginxTourTest {

    private static final String HTML = "/usr/share/nginx/html";

    @TempDir
    Path tmp;
    String store;

    @AfterEach
    void removeAll() {
        if (store != null) {
            for (String id : CliRunner.run("ps", "--root", store, "-a", "-q", "--no-trunc").out().split("\n")) {
                if (!id.isBlank()) {
                    CliRunner.run("rm", "--root", store, "-f", id);
                }
            }
        }
    }

    @Test
    void theSeedsNginxTour() throws Exception {
        assumeTrue(BusyboxBase.isRoot() && Files.isExecutable(Path.of("/usr/sbin/runc"))
                        && Files.isExecutable(Path.of("/usr/bin/conmon"))
                        && Files.isExecutable(Path.of("/usr/bin/slirp4netns")),
                "needs root, runc, conmon and slirp4netns (installed by .ci/run)");
        DebianBase.assumeAvailable();
        assumeTrue(mirrorAnswers(), "Debian's mirror (http://deb.debian.org) cannot be reached");
        store = tmp.resolve("store").toString();
        DebianBase.image(ImageStore.open(Path.of(store)), tmp.resolve("base"));
        ok(CliRunner.run("build", "--root", store, "-t", "seed/nginx",
                CliRunner.testdata().resolve("nginx-debian").toString()));

        // 1.5.1 and 1.5.2: docker run -p 5000:80 -v $(pwd):/usr/share/nginx/html/ -d nginx
        Path site = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<h1>the seed's nginx</h1>\n");
        int port = ContainerChecks.freePort();
        Shell.Result run = Shell.run(Shell.jbuild("run", "--root", store, "-p", "127.0.0.1:" + port + ":80", "-v",
                site + ":" + HTML + "/", "-d", "seed/nginx"));
        assertThat(run.exitCode()).as(run.output()).isZero();
        String id = run.output().strip();
        assertThat(id).matches("[0-9a-f]{64}");
        String c = id.substring(0, 12);
        assertThat(ContainerChecks.fetch(port, "/")).isEqualTo("<h1>the seed's nginx</h1>\n");
        Files.writeString(site.resolve("hello.txt"), "hello!\n"); // echo hello! >> $(pwd)/hello.txt
        assertThat(ContainerChecks.fetch(port, "/hello.txt")).isEqualTo("hello!\n");

        // 1.2.2 docker ps; 1.2.3 docker inspect
        assertThat(ok(CliRunner.run("ps", "--root", store)).out()).containsPattern(c
                + " +seed/nginx +\"nginx -g daemon off;\" +.* ago +Up .* +127\\.0\\.0\\.1:" + port + "->80/tcp +\\w+_\\w+\n");
        assertThat(ok(CliRunner.run("inspect", "--root", store, c)).out()).contains("\"Status\": \"running\"",
                "\"StopSignal\": \"SIGQUIT\"", "\"Destination\": \"" + HTML + "\"", "\"HostPort\": \"" + port + "\"");

        // 1.2.4 docker logs -f: nginx's access lines (the official image's /dev/stdout link), until it exits
        Path followed = tmp.resolve("followed");
        Process follow = new ProcessBuilder("sh", "-c", "exec " + Shell.jbuild("logs", "--root", store, "-f", c))
                .redirectErrorStream(true).redirectOutput(followed.toFile()).start();
        try {
            assertThat(ok(CliRunner.run("logs", "--root", store, c)).out())
                    .containsPattern("10\\.0\\.2\\.2 - - \\[.*\\] \"GET /hello.txt HTTP/1.1\" 200 7 ");

            // 1.2.5 docker exec; 1.2.10 exec -i bash (its stdin a pipe here, not a terminal)
            Shell.Result ls = Shell.run(Shell.jbuild("exec", "--root", store, c, "ls", HTML));
            assertThat(ls.exitCode()).as(ls.output()).isZero();
            assertThat(ls.output()).isEqualTo("hello.txt\nindex.html\n");
            Shell.Result bash = Shell.run("echo 'cat /etc/debian_version; nginx -v 2>&1; exit 4' | "
                    + Shell.jbuild("exec", "--root", store, "-i", c, "bash"));
            assertThat(bash.exitCode()).as(bash.output()).isEqualTo(4);
            assertThat(bash.output()).startsWith("12.").contains("nginx version: nginx/");

            // 1.2.6 docker cp /etc/passwd C:/usr/share/nginx/html/. then fetch it; cp C:.../nginx.conf . and read it
            ok(CliRunner.run("cp", "--root", store, "/etc/passwd", c + ":" + HTML + "/."));
            assertThat(ContainerChecks.fetch(port, "/passwd")).isEqualTo(Files.readString(Path.of("/etc/passwd")));
            assertThat(site.resolve("passwd")).hasSameBinaryContentAs(Path.of("/etc/passwd")); // through the volume
            Path here = Files.createDirectories(tmp.resolve("here"));
            ok(CliRunner.run("cp", "--root", store, c + ":/etc/nginx/nginx.conf", here + "/."));
            Shell.Result conf = Shell.run(Shell.jbuild("exec", "--root", store, c, "cat", "/etc/nginx/nginx.conf"));
            assertThat(Files.readString(here.resolve("nginx.conf"))).isEqualTo(conf.output()).contains("user www-data;");

            // 1.2.7 docker stop: the image's SIGQUIT, nginx finishes gracefully, docker's Exited (0); ps, ps -a
            long before = System.nanoTime();
            assertThat(ok(CliRunner.run("stop", "--root", store, c)).out()).isEqualTo(c + "\n");
            assertThat(Duration.ofNanos(System.nanoTime() - before)).as("SIGQUIT, not the 10 s SIGKILL")
                    .isLessThan(Duration.ofSeconds(8));
            assertThat(follow.waitFor(20, TimeUnit.SECONDS)).as("logs -f ends when the container exits").isTrue();
        } finally {
            follow.destroyForcibly();
        }
        assertThat(Files.readString(followed)).contains("\"GET / HTTP/1.1\" 200", "\"GET /passwd HTTP/1.1\" 200");
        assertThat(ok(CliRunner.run("ps", "--root", store)).out()).doesNotContain(c);
        assertThat(ok(CliRunner.run("ps", "--root", store, "-a")).out())
                .containsPattern(c + " .*Exited \\(0\\) .* ago +\\w+_\\w+\n");
        assertThat(ContainerChecks.answers(port)).isFalse();

        // 1.2.8 docker start: the same container and port, what it had is still there
        ok(CliRunner.run("start", "--root", store, c));
        assertThat(ContainerChecks.fetch(port, "/passwd")).isEqualTo(Files.readString(Path.of("/etc/passwd")));
        assertThat(ok(CliRunner.run("ps", "--root", store)).out()).containsPattern(c + " .*Up ");

        // 1.2.1 docker run -d nginx; docker ps lists its exposed port, unpublished, as 80/tcp
        Shell.Result unpublished = Shell.run(Shell.jbuild("run", "--root", store, "-d", "seed/nginx"));
        assertThat(unpublished.exitCode()).as(unpublished.output()).isZero();
        String unpublishedId = unpublished.output().strip();
        assertThat(ok(CliRunner.run("ps", "--root", store)).out())
                .containsPattern(unpublishedId.substring(0, 12) + " .* Up .* +80/tcp +\\w+_\\w+\n");
        ok(CliRunner.run("rm", "--root", store, "-f", unpublishedId));
        // and with any free port of the host's loopback: Debian's welcome page, where the seed says it is
        Shell.Result plain = Shell.run(Shell.jbuild("run", "--root", store, "-d", "-p", "127.0.0.1::80", "seed/nginx"));
        assertThat(plain.exitCode()).as(plain.output()).isZero();
        String plainId = plain.output().strip();
        assertThat(ok(CliRunner.run("ps", "--root", store)).out()).doesNotContain(" 80/tcp"); // published instead
        String bound = ok(CliRunner.run("port", "--root", store, plainId, "80")).out().strip();
        assertThat(ContainerChecks.fetch(Integer.parseInt(bound.substring(bound.lastIndexOf(':') + 1)), "/"))
                .contains("<title>Welcome to nginx!</title>");

        // 1.2.9 docker rm (-f: it runs), then the clean-up: docker rm $(docker ps -a -q) -f
        ok(CliRunner.run("rm", "--root", store, "-f", c));
        assertThat(ContainerChecks.answers(port)).isFalse();
        assertThat(ok(CliRunner.run("ps", "--root", store, "-a", "-q")).out()).isEqualTo(plainId.substring(0, 12) + "\n");
        Shell.Result cleanUp = Shell.run(Shell.jbuild("rm", "--root", store) + " $("
                + Shell.jbuild("ps", "--root", store, "-a", "-q") + ") -f");
        assertThat(cleanUp.exitCode()).as(cleanUp.output()).isZero();
        assertThat(cleanUp.output()).isEqualTo(plainId.substring(0, 12) + "\n");
        assertThat(ok(CliRunner.run("ps", "--root", store, "-a", "-q")).out()).isEmpty();
        for (String gone : List.of(id, unpublishedId, plainId)) {
            assertNothingLeft(gone);
        }
    }

    private void assertNothingLeft(String id) {
        ContainerChecks.assertNothingLeft(store, id);
        ContainerChecks.assertNoProcessOfTheStore(store);
    }

    private static boolean mirrorAnswers() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest head = HttpRequest.newBuilder(URI.create("http://deb.debian.org/debian/dists/bookworm/Release"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build();
        try {
            return client.send(head, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static CliRunner.Outcome ok(CliRunner.Outcome o) {
        assertThat(o.exitCode()).as(o.err()).isZero();
        return o;
    }
}
