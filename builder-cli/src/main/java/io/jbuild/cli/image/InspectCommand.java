package io.jbuild.cli.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jbuild.cli.Failure;
import io.jbuild.cli.PlainArgs;
import io.jbuild.cli.Subcommand;
import io.jbuild.cli.container.ContainerJson;
import io.jbuild.cli.template.GoTemplate;
import io.jbuild.cli.template.TemplateException;
import io.jbuild.core.image.Descriptor;
import io.jbuild.core.image.MediaTypes;
import io.jbuild.core.image.OciJson;
import io.jbuild.core.image.Platform;
import io.jbuild.core.image.PlatformMatcher;
import io.jbuild.core.store.ImageConflictException;
import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.NoSuchImageException;
import io.jbuild.core.store.ResolvedImage;
import io.jbuild.grammar.reference.InvalidReferenceException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code jbuild inspect NAME...}: an image's config or a container's state, or what a Go template makes of them. */
@Command(name = "inspect",
        mixinStandardHelpOptions = true,
        description = {
            "Print the config of an image, or a container's state and settings.",
            "An image: its OCI config JSON (platform, Env, Cmd, Entrypoint, Labels, rootfs, history, ...), every",
            "field as stored, indented. A container (name or ID): docker inspect's fields. With -f, docker's Go",
            "template on docker's fields ({{.State.Status}}, {{json .Config.Env}}, {{.Config.Labels}},",
            "{{.RootFS.Layers}}...), one line per NAME. Several NAMEs without -f: one JSON array.",
            "Of a multi-platform image (a tag naming an OCI image index), the index; with --platform, that",
            "platform's config."})
public final class InspectCommand extends Subcommand {

    @Mixin
    StoreOptions store;

    @Option(names = {"-f", "--format"}, paramLabel = "TEMPLATE",
            description = "A Go template, as docker's (text/template with docker's json, join, upper... functions).")
    String format;

    @Option(names = "--type", paramLabel = "image|container", description = "Look only for this kind of object.")
    String type;

    @Parameters(arity = "1..*", paramLabel = "NAME", description = "NAME[:TAG][@DIGEST], image ID, container name or ID.")
    List<String> names;

    private String current;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
            description = "The config of this platform's image of a multi-platform image.")
    String platform;

    public InspectCommand() {
        super("inspect", Failure.IMAGE);
    }

    /**
     * As {@link ImagesCommand#plain}: {@code inspect NAME...} without picocli; a {@code --type} or {@code --platform}
     * it would refuse is picocli's to report.
     */
    public static Optional<InspectCommand> plain(String... args) {
        InspectCommand c = new InspectCommand();
        PlainArgs.Grammar grammar = new PlainArgs.Grammar(List.of(), List.of(List.of("-f", "--format"),
                List.of("--type"), List.of("--platform"), List.of("--root")), List.of());
        return PlainArgs.parse(grammar, args).filter(a -> {
            String type = a.value("--type");
            if (a.positionals().isEmpty() || type != null && !type.equals("image") && !type.equals("container")) {
                return false;
            }
            try {
                if (a.value("--platform") != null) {
                    Platform.parse(a.value("--platform"));
                }
                c.store = StoreOptions.of(a.path("--root"));
            } catch (IllegalArgumentException e) {
                return false; // (an InvalidPathException too)
            }
            c.format = a.value("-f");
            c.type = type;
            c.platform = a.value("--platform");
            c.names = a.positionals();
            return true;
        }).map(a -> c);
    }

    @Override
    protected String subject() {
        return current;
    }

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws IOException {
        if (type != null && !type.equals("image") && !type.equals("container")) {
            throw new ParameterException(spec.commandLine(), "\"" + type + "\" is not a valid value for --type");
        }
        GoTemplate template = null;
        if (format != null) {
            try {
                template = GoTemplate.parse(format);
            } catch (TemplateException e) {
                err.println("template parsing error: " + e.getMessage()); // docker's words
                return 1;
            }
        }
        PlatformMatcher matcher;
        try {
            matcher = platform == null ? null : PlatformMatcher.of(Platform.parse(platform));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--platform: " + e.getMessage());
        }
        ImageStore s = matcher == null ? store.open() : ImageStore.open(store.open().root(), matcher);
        if (template == null && names.size() == 1) {
            Optional<Descriptor> index = matcher == null ? taggedIndex(s, names.get(0)) : Optional.empty();
            if (index.isPresent()) {
                out.println(OciJson.pretty(s.blobs().readAll(index.get().digest(), ImageStore.MAX_CONFIG_SIZE)));
                return 0;
            }
            current = names.get(0);
            return single(s, current, matcher, out, err);
        }
        ArrayNode all = JsonNodeFactory.instance.arrayNode();
        int exit = 0;
        for (String name : names) {
            current = name;
            Optional<JsonNode> found = find(s, name, template != null);
            if (found.isEmpty()) {
                err.println("jbuild inspect: no such " + (type == null ? "object" : type) + ": " + name);
                exit = 1;
                continue;
            }
            if (template == null) {
                all.add(found.get());
                continue;
            }
            try {
                out.println(template.execute(found.get()));
            } catch (TemplateException e) {
                err.println(e.getMessage());
                return 1;
            }
        }
        if (template == null) {
            out.println(OciJson.pretty(OciJson.writeTree(all)));
        }
        return exit;
    }

    /** One NAME, no template: the image's config as stored, or the container's one-element array. */
    private int single(ImageStore s, String name, PlatformMatcher matcher, PrintWriter out, PrintWriter err)
            throws IOException {
        if (!"container".equals(type)) {
            try {
                ResolvedImage resolved = s.resolve(name);
                if (matcher != null && !matcher.matches(resolved.config().platform())) {
                    throw new IllegalArgumentException("image " + name + " is " + resolved.config().platform().format()
                            + ", not " + matcher.wanted().format());
                }
                out.println(OciJson.pretty(s.readConfigBytes(resolved.configDigest())));
                return 0;
            } catch (NoSuchImageException | InvalidReferenceException e) {
                if ("image".equals(type)) {
                    throw e;
                }
                Optional<String> container = ContainerJson.inspect(s, name);
                if (container.isEmpty()) {
                    throw e;
                }
                out.println(container.get());
                return 0;
            }
        }
        Optional<String> container = ContainerJson.inspect(s, name);
        if (container.isEmpty()) {
            err.println("Error: No such container: " + name); // docker's words
            return 1;
        }
        out.println(container.get());
        return 0;
    }

    /** An image (docker's fields for a template, else its OCI config) or a container, as {@code --type} allows. */
    private Optional<JsonNode> find(ImageStore s, String name, boolean dockerFields) throws IOException {
        if (!"container".equals(type)) {
            try {
                ResolvedImage resolved = s.resolve(name);
                return Optional.of(dockerFields ? ImageJson.view(s, resolved)
                        : OciJson.readTree(s.readConfigBytes(resolved.configDigest())));
            } catch (NoSuchImageException | InvalidReferenceException e) {
                // a container's name, perhaps
            }
        }
        if (!"image".equals(type)) {
            return ContainerJson.object(s, name).map(JsonNode.class::cast);
        }
        return Optional.empty();
    }

    /** The index {@code name} names, when it names one by reference or digest. */
    private static Optional<Descriptor> taggedIndex(ImageStore s, String name) throws IOException {
        try {
            // what the name or ID names, not resolved: this machine's platform need not be in the index
            return Optional.of(s.target(name)).filter(t -> MediaTypes.isIndex(t.mediaType()));
        } catch (NoSuchImageException | ImageConflictException e) {
            return Optional.empty();
        }
    }
}
