package io.jbuild.cli.run;

import io.jbuild.cli.CodeSpecs;
import io.jbuild.cli.JbuildCommand;
import io.jbuild.cli.container.Attaching;
import io.jbuild.cli.image.StoreOptions;
import io.jbuild.cli.terminal.Terminals;
import io.jbuild.core.emulation.Emulation;
import io.jbuild.core.exec.ContainerMount;
import io.jbuild.core.exec.NetworkMode;
import io.jbuild.core.exec.Seccomp;
import io.jbuild.core.fs.InputFiles;
import io.jbuild.core.image.Platform;
import io.jbuild.core.image.PlatformMatcher;
import io.jbuild.core.run.RunOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code jbuild run}: run an image from the store, as {@code docker run} would, to check what was built. Its options
 * are declared in code ({@link CodeSpecs}): it is what users type right after a build.
 */
public final class RunCommand implements Callable<Integer> {

    /** An env file is read whole; docker's are a few lines. */
    private static final long MAX_ENV_FILE_BYTES = 16L << 20;

    private final CommandSpec spec;

    private String image;
    private List<String> command;
    private List<String> env;
    private List<Path> envFiles;
    private String entrypoint;
    private String user;
    private String workdir;
    private List<String> volumes;
    private String network;
    private List<String> securityOpts;
    private boolean interactive;
    private boolean tty;
    private boolean detach;
    private String detachKeys;
    private boolean sigProxy;
    private boolean remove;
    private String name;
    private List<String> publish;
    private Path root;
    private String platform;

    private RunCommand() {
        spec = CodeSpecs.command(this, "run", "Run a command in a new container of an image, as docker run does.",
                "The container is made from IMAGE in the local store and kept (`jbuild ps -a`) unless --rm. It uses "
                + "the same runtime as RUN steps (runc; needs root). The container has a network of its own with outbound access "
                + "(slirp4netns; --network host shares the host's, where a server on port 80 is localhost:80). "
                + "With -i the container reads this standard input; with -t it gets a pseudo-terminal that this one "
                + "is attached to (-it for an interactive shell; ctrl-p ctrl-q detaches). The exit code is the command's; 125 when the container could not be run.");
        spec.versionProvider(new JbuildCommand.Version());
        spec.addPositional(PositionalParamSpec.builder().index("0").arity("1").required(true).paramLabel("IMAGE")
                .type(String.class).description("The image: name[:tag] or image ID.").build());
        spec.addPositional(PositionalParamSpec.builder().index("1..*").arity("0..*").paramLabel("CMD")
                .type(List.class).auxiliaryTypes(String.class).description("Replaces the image's CMD.").build());
        spec.addOption(CodeSpecs.flag(new String[] {"--rm"},
                "Remove the container when it exits, with -d too (else `jbuild ps -a` lists it)."));
        spec.addOption(CodeSpecs.flag(new String[] {"-d", "--detach"},
                "Run the container in the background, print its ID and return: it keeps running after jbuild exits. "
                        + "With -i and/or -t its input or terminal waits for `jbuild attach`."));
        spec.addOption(CodeSpecs.single(String.class, "NAME", "--name")
                .description("Name the container (else a generated adjective_surname).").build());
        spec.addOption(CodeSpecs.repeatable("[IP:]HOSTPORT:CTRPORT[/PROTO]", new String[] {"-p", "--publish"},
                "Publish a container port on the host (tcp or udp, through slirp4netns; with -d or a kept container)."));
        spec.addOption(CodeSpecs.repeatable("KEY[=VALUE]", new String[] {"-e", "--env"},
                "Set an environment variable; KEY alone takes it from this shell. Repeatable."));
        spec.addOption(OptionSpec.builder("--env-file").type(List.class).auxiliaryTypes(Path.class)
                .paramLabel("FILE").description("Read KEY=VALUE lines from FILE. Repeatable.").build());
        spec.addOption(CodeSpecs.single(String.class, "CMD", "--entrypoint")
                .description("Replace the image's ENTRYPOINT.").build());
        spec.addOption(CodeSpecs.single(String.class, "USER[:GROUP]", "-u", "--user")
                .description("Run as this user.").build());
        spec.addOption(CodeSpecs.single(String.class, "DIR", "-w", "--workdir")
                .description("Working directory in the container.").build());
        spec.addOption(CodeSpecs.repeatable("HOST:CONTAINER[:ro]", new String[] {"-v", "--volume"},
                "Bind-mount a host path."));
        spec.addOption(CodeSpecs.single(String.class, "private|host|none", "--network").defaultValue("private")
                .description("private (default: its own, with outbound access through slirp4netns), host (the "
                        + "host's) or none (loopback only).").build());
        spec.addOption(CodeSpecs.repeatable("OPT", new String[] {"--security-opt"},
                "seccomp=unconfined, or seccomp=FILE for a profile in docker's format (default: docker's, from "
                        + "/usr/share/containers/seccomp.json)."));
        spec.addOption(CodeSpecs.flag(new String[] {"-i", "--interactive"},
                "Pass this standard input to the container."));
        spec.addOption(CodeSpecs.flag(new String[] {"-t", "--tty"},
                "Allocate a pseudo-terminal (with -i, standard input must be a terminal)."));
        spec.addOption(CodeSpecs.single(String.class, "KEYS", "--detach-keys").defaultValue("ctrl-p,ctrl-q")
                .description("The keys that detach from a container run with -i or -t, docker's notation; it goes "
                        + "on running (default: ctrl-p,ctrl-q).").build());
        spec.addOption(CodeSpecs.single(Boolean.class, "BOOL", "--sig-proxy").arity("0..1").defaultValue("true")
                .fallbackValue("true").description("Pass SIGINT, SIGTERM and SIGHUP to the container's process while "
                        + "attached without a terminal (default: true).").build());
        spec.addOption(CodeSpecs.single(String.class, "OS/ARCH[/VARIANT]", "--platform")
                .description("Of a multi-platform image, run this platform's (default: this machine's); another "
                        + "architecture's runs under QEMU via binfmt_misc.").build());
        spec.addOption(StoreOptions.rootOption());
    }

    /** The command's model, its user object a new RunCommand. */
    public static CommandSpec spec() {
        return new RunCommand().spec;
    }

    /** Takes the parsed values. */
    private void read() {
        image = CodeSpecs.positional(spec, 0);
        List<String> cmd = CodeSpecs.positional(spec, 1);
        command = cmd == null ? List.of() : cmd;
        env = CodeSpecs.value(spec, "--env");
        envFiles = CodeSpecs.value(spec, "--env-file");
        entrypoint = CodeSpecs.value(spec, "--entrypoint");
        user = CodeSpecs.value(spec, "--user");
        workdir = CodeSpecs.value(spec, "--workdir");
        volumes = CodeSpecs.value(spec, "--volume");
        network = CodeSpecs.value(spec, "--network");
        securityOpts = CodeSpecs.value(spec, "--security-opt");
        interactive = CodeSpecs.isSet(spec, "--interactive");
        tty = CodeSpecs.isSet(spec, "--tty");
        detach = CodeSpecs.isSet(spec, "--detach");
        remove = CodeSpecs.isSet(spec, "--rm");
        name = CodeSpecs.value(spec, "--name");
        publish = CodeSpecs.value(spec, "--publish");
        detachKeys = CodeSpecs.value(spec, "--detach-keys");
        sigProxy = CodeSpecs.value(spec, "--sig-proxy");
        root = CodeSpecs.value(spec, "--root");
        platform = CodeSpecs.value(spec, "--platform");
    }

    @Override
    public Integer call() throws IOException {
        read();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // docker's check: a terminal's input cannot be a pipe or a file (with -d nothing is read here).
        if (!detach && tty && interactive && !Terminals.isTerminal(0)) {
            err.println("jbuild run: the input device is not a TTY");
            return 1;
        }
        RunOptions options;
        try {
            options = new RunOptions(image, command, Optional.ofNullable(entrypoint), environment(),
                    Optional.ofNullable(user), Optional.ofNullable(workdir), mounts(), NetworkMode.parse(network),
                    seccomp());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PlatformMatcher matcher;
        try {
            matcher = platform == null ? null : PlatformMatcher.of(Platform.parse(platform));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--platform: " + e.getMessage());
        }
        Platform wanted = matcher != null ? matcher.wanted() : chosenPlatform();
        if (matcher == null && !PlatformMatcher.host().matches(wanted)) {
            // docker's words: an image of another platform (the only one of its index) runs when none was asked for
            err.println("WARNING: The requested image's platform (" + wanted.format() + ") does not match the detected"
                    + " host platform (" + Platform.host().format() + ") and no specific platform was requested");
            err.flush();
        }
        Optional<String> emulation = Emulation.system().problem(wanted);
        if (emulation.isPresent()) {
            err.println("jbuild run: " + (platform != null ? "--platform " + platform : image) + ": " + emulation.get());
            return 125;
        }
        // Every run is a kept container, as docker's: -d returns at once; else its output is followed, or with -i/-t
        // this terminal is attached to it through conmon (so `ps -a` lists it afterwards unless --rm).
        return new KeptContainer(out, err, matcher).run(root, options, name, publish,
                new KeptContainer.Mode(detach, remove, interactive, tty, sigProxy, Attaching.detachKeys(spec, detachKeys)));
    }

    /**
     * The platform of the image the store gives when none is asked for; this machine's if it gives none (the
     * container's creation then reports why, e.g. the platforms an index has).
     */
    private Platform chosenPlatform() {
        try {
            return StoreOptions.open(root).resolve(image).config().platform();
        } catch (IOException | RuntimeException e) {
            return Platform.host();
        }
    }

    private List<String> environment() throws IOException {
        List<String> all = new ArrayList<>();
        for (Path f : envFiles) {
            Optional<String> problem = InputFiles.problem(f, MAX_ENV_FILE_BYTES);
            if (problem.isPresent()) {
                throw new IllegalArgumentException("--env-file " + f + ": " + problem.get());
            }
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    all.add(t);
                }
            }
        }
        for (String e : env) {
            if (e.contains("=")) {
                all.add(e);
            } else if (System.getenv(e) != null) {
                all.add(e + "=" + System.getenv(e));
            }
        }
        return all;
    }

    private List<ContainerMount> mounts() {
        List<ContainerMount> out = new ArrayList<>();
        for (String v : volumes) {
            String[] parts = v.split(":");
            if (parts.length < 2 || parts.length > 3 || !parts[0].startsWith("/") || !parts[1].startsWith("/")) {
                throw new IllegalArgumentException("invalid -v \"" + v + "\": use /host/path:/container/path[:ro]");
            }
            boolean ro = parts.length == 3 && parts[2].equals("ro");
            if (parts.length == 3 && !ro && !parts[2].equals("rw")) {
                throw new IllegalArgumentException("invalid -v \"" + v + "\": the mode is ro or rw");
            }
            // the target cleaned as docker does (inspect shows /usr/share/nginx/html for .../html/)
            out.add(new ContainerMount.Bind(Path.of(parts[1]).normalize().toString(), Path.of(parts[0]), ro));
        }
        return out;
    }

    /** The last {@code --security-opt seccomp=...} wins, as in docker; none: docker's default filter. */
    private Seccomp seccomp() {
        Seccomp seccomp = Seccomp.DEFAULT;
        for (String opt : securityOpts) {
            seccomp = Seccomp.parseSecurityOpt(opt);
        }
        return seccomp;
    }
}
