package io.jbuild.core.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The one set-up of the test registries (core's {@link LocalRegistry}, the Maven plugin's integration-test
 * registry): Debian's {@code docker-registry} (CNCF Distribution) with a configuration of our own, on 127.0.0.1 at
 * a port the kernel picks, storage under the given directory, optionally behind htpasswd (bcrypt).
 */
public final class RegistryConfig {

    public static final Path BINARY = Path.of("/usr/bin/docker-registry");
    public static final Path HTPASSWD = Path.of("/usr/bin/htpasswd");
    /** The log line that says where it listens; group 1 is {@code 127.0.0.1:PORT}. */
    public static final Pattern LISTENING = Pattern.compile("listening on (127\\.0\\.0\\.1:\\d+)");

    private RegistryConfig() {
    }

    /**
     * Writes {@code config.yml} (and {@code htpasswd} when {@code user} is not null) under {@code dir}; returns the
     * configuration's path. {@code name} is the HTTP secret and the auth realm.
     */
    public static Path write(Path dir, String name, String user, String password) throws IOException,
            InterruptedException {
        Files.createDirectories(dir);
        StringBuilder config = new StringBuilder("""
                version: 0.1
                log:
                  level: info
                  accesslog:
                    disabled: true
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:0
                  secret: %s
                """.formatted(dir.resolve("data"), name));
        if (user != null) {
            Process h = new ProcessBuilder(HTPASSWD.toString(), "-Bbn", user, password).start();
            String line = new String(h.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!h.waitFor(30, TimeUnit.SECONDS) || h.exitValue() != 0 || !line.startsWith(user + ":$2")) {
                throw new IllegalStateException("htpasswd -Bbn failed: " + line);
            }
            Files.writeString(dir.resolve("htpasswd"), line + "\n");
            config.append("""
                    auth:
                      htpasswd:
                        realm: %s
                        path: %s
                    """.formatted(name, dir.resolve("htpasswd")));
        }
        Path file = dir.resolve("config.yml");
        Files.writeString(file, config);
        return file;
    }

    /**
     * Makes the registry of {@code config} (written by {@link #write} without a user) speak HTTPS only, with a
     * self-signed RSA certificate for 127.0.0.1 made by the JDK's keytool in {@code dir}.
     */
    public static void addTls(Path config, Path dir) throws IOException, InterruptedException, GeneralSecurityException {
        Path store = dir.resolve("tls.p12");
        char[] pass = "jbuild-test".toCharArray();
        Process k = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "registry", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12", "-keystore",
                store.toString(), "-storepass", new String(pass), "-keypass", new String(pass))
                .redirectErrorStream(true).start();
        String output = new String(k.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!k.waitFor(60, TimeUnit.SECONDS) || k.exitValue() != 0) {
            throw new IllegalStateException("keytool -genkeypair failed: " + output);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, pass);
        }
        Base64.Encoder pem = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        Path cert = dir.resolve("cert.pem");
        Files.writeString(cert, "-----BEGIN CERTIFICATE-----\n"
                + pem.encodeToString(ks.getCertificate("registry").getEncoded()) + "\n-----END CERTIFICATE-----\n");
        Path key = dir.resolve("key.pem");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                + pem.encodeToString(ks.getKey("registry", pass).getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        Files.writeString(config, "  tls:\n    certificate: " + cert + "\n    key: " + key + "\n",
                StandardOpenOption.APPEND);
    }

    /** {@code docker-registry serve CONFIG} after {@code prefix}, its output merged into one stream. */
    public static ProcessBuilder serve(List<String> prefix, Path config) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(BINARY.toString(), "serve", config.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        // Only our file configures it: REGISTRY_* variables of the environment would override it.
        pb.environment().keySet().removeIf(k -> k.startsWith("REGISTRY_"));
        return pb;
    }
}
