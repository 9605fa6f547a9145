package io.jbuild.cli.registry;

import io.jbuild.core.registry.RegistryLogin;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code jbuild login}: check credentials against a registry and keep them in docker's config.json. */
@Command(name = "login",
        mixinStandardHelpOptions = true,
        description = {
            "Log in to a registry.",
            "Checks the credentials against it, then stores them in docker's config.json",
            "($DOCKER_CONFIG/config.json or ~/.docker/config.json, mode 0600), where",
            "jbuild pull and push and every docker-compatible tool find them.",
            "  echo \"$TOKEN\" | jbuild login -u me --password-stdin ghcr.io",
            "REGISTRY defaults to Docker Hub (docker.io)."})
public final class LoginCommand extends ServerCommand {

    @Mixin
    RegistryCliOptions registry;

    @Option(names = {"-u", "--username"}, paramLabel = "USER", description = "The user name (asked for if omitted).")
    String username;

    @ArgGroup(exclusive = true)
    PasswordSource password;

    /** Where the password comes from: one of -p and --password-stdin, or a prompt. */
    static final class PasswordSource {
        @Option(names = {"-p", "--password"}, paramLabel = "PASSWORD",
                description = {"The password or token (other users can see it in the",
                    "process list: prefer --password-stdin)."})
        String value;

        @Option(names = "--password-stdin", description = "Read the password or token from standard input.")
        boolean stdin;
    }

    public LoginCommand() {
        super("login");
    }

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws IOException {
        String user = username != null ? username : ask("Username: ");
        String secret = password();
        if (user == null || user.isBlank()) {
            throw new ParameterException(spec.commandLine(), "a user name is required: pass -u USER");
        }
        if (secret == null || secret.isEmpty()) {
            throw new ParameterException(spec.commandLine(),
                    "a password is required: pass --password-stdin (or -p PASSWORD)");
        }
        Path written = new RegistryLogin(registry.options()).login(server, user.strip(), secret);
        err.println("WARNING! Your credentials are stored unencrypted in " + written);
        err.flush();
        out.println("Login Succeeded");
        return 0;
    }

    private String password() {
        if (password != null && password.value != null) {
            spec.commandLine().getErr().println("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
            return password.value;
        }
        if (password != null && password.stdin) {
            if (username == null) {
                throw new ParameterException(spec.commandLine(), "--password-stdin needs --username");
            }
            try {
                String read = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
                // As docker: the one line ending a piped password is not part of it.
                return read.endsWith("\r\n") ? read.substring(0, read.length() - 2)
                        : read.endsWith("\n") ? read.substring(0, read.length() - 1) : read;
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "cannot read the password from standard input: "
                        + e.getMessage());
            }
        }
        Console console = System.console();
        if (console == null) {
            return null;
        }
        char[] typed = console.readPassword("Password: ");
        return typed == null ? null : new String(typed);
    }

    private static String ask(String prompt) {
        Console console = System.console();
        return console == null ? null : console.readLine(prompt);
    }
}
