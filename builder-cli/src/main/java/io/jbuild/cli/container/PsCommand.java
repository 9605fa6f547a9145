package io.jbuild.cli.container;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jbuild.cli.CodeSpecs;
import io.jbuild.cli.Failure;
import io.jbuild.cli.JbuildCommand;
import io.jbuild.cli.image.HumanUnits;
import io.jbuild.cli.image.StoreOptions;
import io.jbuild.cli.image.Table;
import io.jbuild.cli.template.FormatOutput;
import io.jbuild.cli.template.TemplateException;
import io.jbuild.core.container.Container;
import io.jbuild.core.container.ContainerRecord;
import io.jbuild.core.container.ContainerState;
import io.jbuild.core.container.Containers;
import io.jbuild.core.image.ContainerConfig;
import io.jbuild.core.image.Timestamps;
import io.jbuild.core.store.ImageStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code jbuild ps}: list containers, as {@code docker ps}. Its options are declared in code ({@link CodeSpecs}):
 * reading annotations was a quarter of a cold {@code ps}.
 */
public final class PsCommand implements Callable<Integer> {

    /** docker ps's column names of its --format fields. */
    private static final Map<String, String> HEADERS = Map.ofEntries(Map.entry("ID", "CONTAINER ID"),
            Map.entry("Image", "IMAGE"), Map.entry("Command", "COMMAND"), Map.entry("CreatedAt", "CREATED AT"),
            Map.entry("RunningFor", "CREATED"), Map.entry("Ports", "PORTS"), Map.entry("Status", "STATUS"),
            Map.entry("State", "STATE"), Map.entry("Names", "NAMES"), Map.entry("Networks", "NETWORKS"),
            Map.entry("Mounts", "MOUNTS"));

    private final CommandSpec spec;

    private boolean all;
    private boolean quiet;
    private boolean noTrunc;
    private boolean latest;
    private List<String> filters;

    private PsCommand() {
        spec = CodeSpecs.command(this, "ps", "List running containers (all with -a), newest first.",
                "Columns: CONTAINER ID, IMAGE, COMMAND, CREATED, STATUS, PORTS, NAMES.");
        spec.versionProvider(new JbuildCommand.Version());
        spec.addOption(CodeSpecs.flag(new String[] {"-a", "--all"}, "Show all containers, not only running ones."));
        spec.addOption(CodeSpecs.flag(new String[] {"-q", "--quiet"}, "Print only container IDs."));
        spec.addOption(CodeSpecs.flag(new String[] {"--no-trunc"}, "Do not truncate IDs and commands."));
        spec.addOption(CodeSpecs.flag(new String[] {"-l", "--latest"},
                "Show only the latest created container (any state)."));
        spec.addOption(CodeSpecs.repeatable("KEY=VALUE", new String[] {"-f", "--filter"},
                "status=created|running|exited or name=SUBSTRING. Repeatable: values of one key are alternatives, keys"
                        + " must all match."));
        spec.addOption(CodeSpecs.single(String.class, "TEMPLATE", "--format").description("A Go template for each "
                + "container, as docker's: .ID .Image .Command .CreatedAt .RunningFor .Ports .Status .State .Names "
                + ".Networks .Mounts; 'table TEMPLATE' adds a header and aligns tab-separated columns.").build());
        spec.addOption(StoreOptions.rootOption());
    }

    /** The command's model, its user object a new PsCommand. */
    public static CommandSpec spec() {
        return new PsCommand().spec;
    }

    @Override
    public Integer call() {
        all = CodeSpecs.isSet(spec, "--all");
        quiet = CodeSpecs.isSet(spec, "--quiet");
        noTrunc = CodeSpecs.isSet(spec, "--no-trunc");
        latest = CodeSpecs.isSet(spec, "--latest");
        filters = CodeSpecs.value(spec, "--filter");
        PrintWriter out = spec.commandLine().getOut();
        List<Container> list;
        ImageStore images;
        try {
            images = StoreOptions.open(CodeSpecs.value(spec, "--root"));
            list = new Containers(images).list();
        } catch (IOException | RuntimeException e) {
            return Failure.CONTAINER.report(spec.commandLine().getErr(), "ps", null, e);
        }
        List<String> statuses = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String f : filters) {
            int eq = f.indexOf('=');
            String key = eq < 0 ? f : f.substring(0, eq);
            String value = eq < 0 ? "" : f.substring(eq + 1);
            switch (key) {
                case "status" -> statuses.add(value);
                case "name" -> names.add(value);
                default -> throw new ParameterException(spec.commandLine(), "invalid filter '" + key + "'");
            }
        }
        boolean everything = all || latest || !statuses.isEmpty();
        List<Container> shown = new ArrayList<>();
        for (Container c : list) {
            if ((everything || c.running())
                    && (statuses.isEmpty() || statuses.contains(c.state().status()))
                    && (names.isEmpty() || names.stream().anyMatch(n -> c.name().contains(n)))) {
                shown.add(c);
            }
        }
        if (latest && shown.size() > 1) {
            shown = shown.subList(0, 1);
        }
        Instant now = Instant.now();
        if (quiet) {
            shown.forEach(c -> out.println(noTrunc ? c.id() : c.record().shortId()));
            out.flush();
            return 0;
        }
        Map<String, TreeSet<String>> exposed = new HashMap<>();
        String format = CodeSpecs.value(spec, "--format");
        if (format != null) {
            return formatted(format, shown, images, exposed, now);
        }
        Table table = new Table("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES");
        for (Container c : shown) {
            table.add(noTrunc ? c.id() : c.record().shortId(), c.record().image(), command(c), ago(now,
                    c.record().created()), status(c.state(), now), ports(c, images, exposed), c.name());
        }
        table.print(out);
        return 0;
    }

    /** --format: each container's docker fields (as docker ps names them) through the template. */
    private int formatted(String format, List<Container> shown, ImageStore images, Map<String, TreeSet<String>> exposed,
                          Instant now) {
        PrintWriter out = spec.commandLine().getOut();
        try {
            FormatOutput output = FormatOutput.parse(format, "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}"
                    + "\t{{.Status}}\t{{.Ports}}\t{{.Names}}", HEADERS);
            List<ObjectNode> rows = new ArrayList<>();
            for (Container c : shown) {
                ObjectNode o = JsonNodeFactory.instance.objectNode();
                o.put("ID", noTrunc ? c.id() : c.record().shortId());
                o.put("Image", c.record().image());
                o.put("Command", command(c));
                o.put("CreatedAt", HumanUnits.goTime(Timestamps.parse(c.record().created())));
                o.put("RunningFor", ago(now, c.record().created()));
                o.put("Ports", ports(c, images, exposed));
                o.put("Status", status(c.state(), now));
                o.put("State", c.state().status());
                o.put("Names", c.name());
                o.put("Networks", c.record().network());
                o.put("Mounts", String.join(",", c.record().mounts().stream().map(ContainerRecord.Bind::source).toList()));
                rows.add(o);
            }
            output.print(rows, out);
            return 0;
        } catch (TemplateException e) {
            spec.commandLine().getErr().println("template parsing error: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }

    /**
     * docker's PORTS: while it runs, the ports its image exposes that are not published ({@code 80/tcp}), then the
     * published ones as bound ({@code 127.0.0.1:5000->80/tcp}); nothing once it has stopped.
     */
    private static String ports(Container c, ImageStore images, Map<String, TreeSet<String>> exposed) {
        if (!c.running()) {
            return "";
        }
        Set<String> published = new HashSet<>();
        c.state().ports().forEach(m -> published.add(m.key()));
        List<String> shown = new ArrayList<>();
        // the container's own record of them (of its image when it was made, as docker keeps them in its config);
        // the image's for a record of before they were kept
        for (String k : c.record().exposedPorts() != null ? c.record().exposedPorts()
                : exposed.computeIfAbsent(c.record().imageId(), id -> new TreeSet<>(exposedPorts(images, id)))) {
            if (!published.contains(k)) {
                shown.add(k);
            }
        }
        c.state().ports().forEach(m -> shown.add(m.toString()));
        return String.join(", ", shown);
    }

    private static Set<String> exposedPorts(ImageStore images, String imageId) {
        try {
            ContainerConfig config = images.resolve(imageId).config().config();
            return config == null ? Set.of() : config.exposedPorts();
        } catch (IOException | RuntimeException e) {
            return Set.of(); // its image was removed (rmi -f): nothing to say
        }
    }

    private String command(Container c) {
        String cmd = String.join(" ", c.record().args());
        if (!noTrunc && cmd.length() > 20) {
            cmd = cmd.substring(0, 19) + "…";
        }
        return "\"" + cmd + "\"";
    }

    /** docker's STATUS: {@code Up 3 minutes}, {@code Exited (137) 5 seconds ago}, {@code Created}. */
    static String status(ContainerState s, Instant now) {
        return switch (s.status()) {
            case ContainerState.RUNNING -> "Up " + HumanUnits.duration(Duration.between(Timestamps.parse(s.startedAt()),
                    now));
            case ContainerState.EXITED -> "Exited (" + s.exitCode() + ") " + ago(now, s.finishedAt());
            default -> "Created";
        };
    }

    static String ago(Instant now, String when) {
        return HumanUnits.duration(Duration.between(Timestamps.parse(when), now)) + " ago";
    }
}
