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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
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
    private Path dir;
    private Process process;
    private String host;
    private final Deque<String> log = new ArrayDeque<>();

    private LocalRegistry(String user, String password) {
        this.user = user;
        this.password = password;
    }

    /** A registry anyone may pull from and push to. */
    public static LocalRegistry open() {
        return new LocalRegistry(null, null);
    }

    /** A registry that wants {@code user}/{@code password} (htpasswd, bcrypt) for everything. */
    public static LocalRegistry withPassword(String user, String password) {
        return new LocalRegistry(user, password);
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
        ProcessBuilder pb = RegistryConfig.serve(List.of(), RegistryConfig.write(dir, "jbuild-test", user, password));
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

    /** The registry's last log lines, for failure messages. */
    public String recentLog() {
        synchronized (log) {
            return String.join("\n", log);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
