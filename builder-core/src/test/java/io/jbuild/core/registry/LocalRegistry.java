package io.jbuild.core.registry;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real registry for a test class: Debian's {@code docker-registry} (CNCF Distribution) with a configuration of
 * our own, bound to 127.0.0.1 on a port the kernel picks, storage in a temporary directory, optionally behind
 * htpasswd (bcrypt) authentication; stopped after the class.
 *
 * <pre>{@code @RegisterExtension static final LocalRegistry REGISTRY = LocalRegistry.open();}</pre>
 */
public final class LocalRegistry implements BeforeAllCallback, AfterAllCallback {

    private final String user;
    private final String password;
    private final boolean tls;
    private Path dir;
    private Process process;
    private String host;
    private final Deque<String> log = new ArrayDeque<>();
    private final List<Served> served = new CopyOnWriteArrayList<>();

    /** A request the registry answered, from its log: the client's address and port tell connections apart. */
    public record Served(String method, String uri, int status, String remoteAddress) {
    }

    private static final Pattern SERVED = Pattern.compile("msg=\"response completed\".*"
            + " http\\.request\\.method=(\\S+) http\\.request\\.remoteaddr=\"([^\"]+)\" http\\.request\\.uri=\"?([^\"\\s]+)"
            + ".* http\\.response\\.status=(\\d+)");

    private LocalRegistry(String user, String password, boolean tls) {
        this.user = user;
        this.password = password;
        this.tls = tls;
    }

    /** A registry anyone may pull from and push to. */
    public static LocalRegistry open() {
        return new LocalRegistry(null, null, false);
    }

    /** As {@link #open}, speaking HTTPS only, with a self-signed certificate for 127.0.0.1. */
    public static LocalRegistry withTls() {
        return new LocalRegistry(null, null, true);
    }

    /** A registry that wants {@code user}/{@code password} (htpasswd, bcrypt) for everything. */
    public static LocalRegistry withPassword(String user, String password) {
        return new LocalRegistry(user, password, false);
    }

    /** {@code 127.0.0.1:PORT}: the registry part of references to it. */
    public String host() {
        return host;
    }

    public int port() {
        return Integer.parseInt(host.substring(host.indexOf(':') + 1));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        assumeTrue(Files.isExecutable(RegistryConfig.BINARY), "docker-registry is installed by .ci/run");
        if (user != null) {
            assumeTrue(Files.isExecutable(RegistryConfig.HTPASSWD), "apache2-utils is installed by .ci/run");
        }
        dir = Files.createTempDirectory("jbuild-registry-");
        Path config = RegistryConfig.write(dir, "jbuild-test", user, password);
        if (tls) {
            RegistryConfig.addTls(config, dir);
        }
        ProcessBuilder pb = RegistryConfig.serve(List.of(), config);
        process = pb.start();
        host = awaitListening();
    }

    /** Reads the log until the registry says where it listens; then keeps draining it so it never blocks. */
    private String awaitListening() throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> address = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    synchronized (log) {
                        log.addLast(line);
                        if (log.size() > 50) {
                            log.removeFirst();
                        }
                    }
                    Matcher r = SERVED.matcher(line);
                    if (r.find()) {
                        served.add(new Served(r.group(1), r.group(3), Integer.parseInt(r.group(4)), r.group(2)));
                    }
                    Matcher m = RegistryConfig.LISTENING.matcher(line);
                    if (m.find()) {
                        address.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            address.completeExceptionally(new IllegalStateException("docker-registry exited: " + recentLog()));
        }, "docker-registry-log");
        reader.setDaemon(true);
        reader.start();
        try {
            return address.get(20, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("docker-registry did not start: " + recentLog(), e);
        }
    }

    /** Every request the registry has logged as answered so far, in the order it logged them. */
    public List<Served> served() {
        return List.copyOf(served);
    }

    /**
     * The requests logged after the first {@code from}, once one of them is {@code last}: the registry logs a request
     * after answering it, so a client may be done before the log says so.
     */
    public List<Served> servedAfter(int from, Predicate<Served> last) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (after(from).stream().noneMatch(last) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return after(from);
    }

    /** A copy first: a sub-list of the live log fails when the registry logs a line while it is read. */
    private List<Served> after(int from) {
        List<Served> all = List.copyOf(served);
        return all.subList(Math.min(from, all.size()), all.size());
    }

    /** The registry's last log lines, for failure messages. */
    public String recentLog() {
        synchronized (log) {
            return String.join("\n", log);
        }
    }

    /** Stops the registry (its port then refuses connections): what a client does offline. */
    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
