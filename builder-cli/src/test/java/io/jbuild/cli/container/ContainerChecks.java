package io.jbuild.cli.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.cli.Shell;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the container tests check from outside: what a removed container left, a page its server serves, whether a
 * loopback port answers, and a free one to publish on.
 */
final class ContainerChecks {

    private ContainerChecks() {
    }

    /** No directory, mount (root file system, network namespace), runc container or process of container {@code id}. */
    static void assertNothingLeft(String store, String id) {
        assertThat(Path.of(store, "containers", id)).doesNotExist();
        try {
            assertThat(Files.readString(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)).doesNotContain(id);
            Shell.Result runc = Shell.run("runc --root " + Shell.quoted(store + "/containers/runtime") + " list -q");
            assertThat(runc.output()).doesNotContain(id);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        // conmon's, slirp4netns' (its namespace's path), the exit command's and the container's own name it
        assertThat(commandLines().stream().filter(c -> c.contains(id)).toList()).isEmpty();
    }

    /** No process of any container of the store is left (for tests whose store has no container running). */
    static void assertNoProcessOfTheStore(String store) {
        assertThat(commandLines().stream().filter(c -> c.contains(store + "/containers")).toList()).isEmpty();
    }

    private static List<String> commandLines() {
        return ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse("")).toList();
    }

    /** The body of {@code http://127.0.0.1:PORT/PATH} once it answers 200, within 20 seconds. */
    static String fetch(int port, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return r.body();
                }
            } catch (IOException e) {
                // the server is not listening yet
            }
            assertThat(System.nanoTime()).as("http://127.0.0.1:" + port + path + " within 20 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** Whether something accepts a TCP connection on the loopback port. */
    static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A loopback port nothing listens on now. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
