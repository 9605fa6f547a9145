package io.jbuild.grammar.parser;

import io.jbuild.grammar.gotext.GoText;
import io.jbuild.grammar.ast.ArgDeclaration;
import io.jbuild.grammar.ast.CommandLine;
import io.jbuild.grammar.ast.Heredoc;
import io.jbuild.grammar.ast.HealthcheckSpec;
import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.ast.KeyValue;
import io.jbuild.grammar.ast.Meta;
import io.jbuild.grammar.parser.FlagSpec.Type;
import io.jbuild.grammar.source.Diagnostic;
import io.jbuild.grammar.source.SourceRange;
import io.jbuild.grammar.source.Suggest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Makes the typed instruction of a {@link Node}, applying each instruction's own rules (argument counts,
 * accepted flags, stage names, exec-form-only SHELL, ...) with BuildKit's messages.
 */
final class InstructionFactory {

    private static final Pattern STAGE_NAME = Pattern.compile("^[a-z][a-z0-9-_.]*$");

    private static final FlagSpec NO_FLAGS = FlagSpec.none();

    /** A rule broken, with where: the flag in question, or the whole instruction. */
    private static final class Invalid extends Exception {
        private final SourceRange range;

        Invalid(String message, SourceRange range) {
            super(message);
            this.range = range;
        }
    }

    private final Node node;
    private final Meta meta;
    private final List<String> args;

    private InstructionFactory(Node node) {
        this.node = node;
        this.meta = new Meta(node.keyword(), node.range(), node.source(), node.flags(), node.comments());
        this.args = node.arguments();
    }

    /** The instruction, or empty with an error added to {@code diagnostics}. */
    static Optional<Instruction> create(Node node, List<Diagnostic> diagnostics) {
        try {
            return Optional.of(new InstructionFactory(node).build());
        } catch (Invalid e) {
            diagnostics.add(Diagnostic.instructionError(e.getMessage(), e.range));
            return Optional.empty();
        }
    }

    private Instruction build() throws Invalid {
        String name = node.keyword().toUpperCase(Locale.ROOT);
        return switch (name) {
            case "FROM" -> from();
            case "RUN" -> run();
            case "CMD" -> {
                flags(NO_FLAGS);
                yield new Instruction.Cmd(meta, commandLine().orElse(new CommandLine.ExecForm(List.of())));
            }
            case "ENTRYPOINT" -> {
                flags(NO_FLAGS);
                yield new Instruction.Entrypoint(meta, commandLine());
            }
            case "SHELL" -> shell();
            case "ENV" -> new Instruction.Env(meta, keyValues("ENV"));
            case "LABEL" -> new Instruction.Label(meta, keyValues("LABEL"));
            case "ARG" -> arg();
            case "COPY" -> copy();
            case "ADD" -> add();
            case "WORKDIR" -> new Instruction.Workdir(meta, single("WORKDIR", true));
            case "USER" -> new Instruction.User(meta, single("USER", true));
            case "MAINTAINER" -> new Instruction.Maintainer(meta, single("MAINTAINER", true));
            case "STOPSIGNAL" -> new Instruction.StopSignal(meta, single("STOPSIGNAL", false));
            case "EXPOSE" -> {
                atLeastOne("EXPOSE");
                flags(NO_FLAGS);
                yield new Instruction.Expose(meta, args);
            }
            case "VOLUME" -> volume();
            case "HEALTHCHECK" -> healthcheck();
            case "ONBUILD" -> onbuild();
            default -> throw invalid("unknown instruction: " + node.keyword() + suggestInstruction(name));
        };
    }

    private Instruction from() throws Invalid {
        Optional<String> stage = Optional.empty();
        if (args.size() == 3 && args.get(1).equalsIgnoreCase("as")) {
            String lower = args.get(2).toLowerCase(Locale.ROOT);
            if (!STAGE_NAME.matcher(lower).matches()) {
                throw invalid("invalid name for build stage: " + GoText.quote(args.get(2))
                        + ", name can't start with a number or contain symbols");
            }
            stage = Optional.of(lower);
        } else if (args.size() != 1) {
            throw invalid("FROM requires either one or three arguments");
        }
        FlagSpec.Values f = flags(FlagSpec.none().with("platform", Type.STRING));
        return new Instruction.From(meta, args.get(0), stage, f.string("platform"));
    }

    private Instruction run() throws Invalid {
        FlagSpec.Values f = flags(FlagSpec.none().with("mount", Type.STRINGS).with("network", Type.STRING)
                .with("security", Type.STRING).with("device", Type.STRINGS));
        CommandLine command = commandLine().orElse(new CommandLine.ExecForm(List.of()));
        return new Instruction.Run(meta, command, node.heredocs(), f.strings("mount"), f.string("network"),
                f.string("security"), f.strings("device"));
    }

    private Instruction shell() throws Invalid {
        flags(NO_FLAGS);
        if (args.isEmpty()) {
            throw invalid("SHELL requires at least one argument");
        }
        if (!node.json()) {
            throw invalid("SHELL requires the arguments to be in JSON form");
        }
        return new Instruction.Shell(meta, args);
    }

    private List<KeyValue> keyValues(String instruction) throws Invalid {
        flags(NO_FLAGS);
        atLeastOne(instruction);
        List<KeyValue> pairs = new ArrayList<>();
        if (args.size() % 3 != 0) {
            throw invalid("Bad input to " + instruction + ", too many arguments");
        }
        for (int i = 0; i + 2 < args.size(); i += 3) {
            if (args.get(i).isEmpty()) {
                throw invalid(instruction + " names can not be blank");
            }
            pairs.add(new KeyValue(args.get(i), args.get(i + 1), args.get(i + 2).isEmpty()));
        }
        return pairs;
    }

    private Instruction arg() throws Invalid {
        atLeastOne("ARG");
        List<ArgDeclaration> decls = new ArrayList<>();
        for (String word : args) {
            int eq = word.indexOf('=');
            if (eq == 0) {
                throw invalid("ARG names can not be blank");
            }
            decls.add(eq < 0 ? new ArgDeclaration(word, Optional.empty())
                    : new ArgDeclaration(word.substring(0, eq), Optional.of(word.substring(eq + 1))));
        }
        return new Instruction.Arg(meta, decls);
    }

    private Instruction copy() throws Invalid {
        if (args.size() < 2) {
            throw invalid("COPY requires at least two arguments, but only one was provided. Destination could not be determined");
        }
        FlagSpec.Values f = flags(FlagSpec.none().with("chown", Type.STRING).with("from", Type.STRING)
                .with("chmod", Type.STRING).with("link", Type.BOOL).with("exclude", Type.STRINGS)
                .with("parents", Type.BOOL));
        Sources s = sources("COPY");
        return new Instruction.Copy(meta, s.paths, s.inline, s.destination, f.string("from"), f.string("chown"),
                f.string("chmod"), f.isTrue("link"), f.isTrue("parents"), f.strings("exclude"));
    }

    private Instruction add() throws Invalid {
        if (args.size() < 2) {
            throw invalid("ADD requires at least two arguments, but only one was provided. Destination could not be determined");
        }
        FlagSpec.Values f = flags(FlagSpec.none().with("chown", Type.STRING).with("chmod", Type.STRING)
                .with("link", Type.BOOL).with("keep-git-dir", Type.BOOL).with("checksum", Type.STRING)
                .with("unpack", Type.BOOL).with("exclude", Type.STRINGS));
        Sources s = sources("ADD");
        return new Instruction.Add(meta, s.paths, s.inline, s.destination, f.string("chown"), f.string("chmod"),
                f.isTrue("link"), f.bool("keep-git-dir"), f.string("checksum"), f.bool("unpack"), f.strings("exclude"));
    }

    private record Sources(List<String> paths, List<Heredoc> inline, String destination) {
    }

    /** Splits COPY/ADD arguments into paths, heredoc sources (by delimiter name) and the destination. */
    private Sources sources(String instruction) throws Invalid {
        String destination = args.get(args.size() - 1);
        if (HeredocMarkers.parseQuietly(destination).isPresent()) {
            throw invalid(instruction + " cannot accept a heredoc as a destination");
        }
        Map<String, Heredoc> bodies = new HashMap<>();
        for (Heredoc h : node.heredocs()) {
            bodies.put(h.name(), h);
        }
        List<String> paths = new ArrayList<>();
        List<Heredoc> inline = new ArrayList<>();
        for (String src : args.subList(0, args.size() - 1)) {
            Optional<HeredocMarkers.Marker> marker = HeredocMarkers.parseQuietly(src);
            if (marker.isPresent() && bodies.containsKey(marker.get().name())) {
                Heredoc body = bodies.get(marker.get().name());
                inline.add(new Heredoc(body.name(), body.fileDescriptor(), marker.get().expand(), marker.get().chomp(),
                        body.content(), body.range()));
            } else {
                paths.add(src);
            }
        }
        return new Sources(paths, inline, destination);
    }

    private Instruction volume() throws Invalid {
        atLeastOne("VOLUME");
        flags(NO_FLAGS);
        List<String> paths = new ArrayList<>();
        for (String v : args) {
            String t = Spaces.trim(v);
            if (t.isEmpty()) {
                throw invalid("VOLUME specified can not be an empty string");
            }
            paths.add(t);
        }
        return new Instruction.Volume(meta, paths);
    }

    private Instruction healthcheck() throws Invalid {
        atLeastOne("HEALTHCHECK");
        String type = args.get(0).toUpperCase(Locale.ROOT);
        List<String> rest = args.subList(1, args.size());
        if (type.equals("NONE")) {
            if (!rest.isEmpty()) {
                throw invalid("HEALTHCHECK NONE takes no arguments");
            }
            return new Instruction.Healthcheck(meta, new HealthcheckSpec.None());
        }
        FlagSpec.Values f = flags(FlagSpec.none().with("interval", Type.STRING).with("timeout", Type.STRING)
                .with("start-period", Type.STRING).with("start-interval", Type.STRING).with("retries", Type.STRING));
        if (!type.equals("CMD")) {
            throw invalid("Unknown type " + GoText.quote(type) + " in HEALTHCHECK (try CMD)");
        }
        if (rest.isEmpty()) {
            throw invalid("Missing command after HEALTHCHECK CMD");
        }
        CommandLine command = node.json() ? new CommandLine.ExecForm(rest)
                : new CommandLine.ShellForm(String.join(" ", rest));
        Optional<Integer> retries = Optional.empty();
        Optional<String> r = f.string("retries");
        if (r.isPresent() && !r.get().isEmpty()) {
            long n;
            try {
                n = Long.parseLong(r.get());
            } catch (NumberFormatException e) {
                throw invalid("strconv.ParseInt: parsing " + GoText.quote(r.get()) + ": invalid syntax");
            }
            if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
                throw invalid("strconv.ParseInt: parsing " + GoText.quote(r.get()) + ": value out of range");
            }
            if (n < 0) {
                throw invalid("--retries cannot be negative (" + n + ")");
            }
            retries = Optional.of((int) n);
        }
        return new Instruction.Healthcheck(meta, new HealthcheckSpec.Check(command, interval(f, "interval"),
                interval(f, "timeout"), interval(f, "start-period"), interval(f, "start-interval"), retries));
    }

    private Optional<Duration> interval(FlagSpec.Values f, String name) throws Invalid {
        Optional<String> value = f.string(name);
        if (value.isEmpty() || value.get().isEmpty()) {
            return Optional.empty();
        }
        Duration d;
        try {
            d = GoDuration.parse(value.get());
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
        if (!d.isZero() && d.compareTo(Duration.ofMillis(1)) < 0) {
            throw invalid("Interval " + GoText.quote(name) + " cannot be less than 1ms");
        }
        return Optional.of(d);
    }

    private Instruction onbuild() throws Invalid {
        if (node.child().isEmpty()) {
            throw invalid("ONBUILD requires at least one argument");
        }
        flags(NO_FLAGS);
        Node child = node.child().get();
        String trigger = child.keyword().toUpperCase(Locale.ROOT);
        switch (trigger) {
            case "ONBUILD" -> throw invalid("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
            case "MAINTAINER", "FROM" -> throw invalid(trigger + " isn't allowed as an ONBUILD trigger");
            default -> {
            }
        }
        // The trigger's heredocs belong to it: the parser attached them to the ONBUILD line.
        Node withDocs = child.withHeredocs(node.heredocs(), child.range(), child.source());
        return new Instruction.Onbuild(meta, new InstructionFactory(withDocs).build());
    }

    /** Exec form when the arguments were a JSON array, else the shell form of the joined words. */
    private Optional<CommandLine> commandLine() {
        if (args.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(node.json() ? new CommandLine.ExecForm(args) : new CommandLine.ShellForm(String.join(" ", args)));
    }

    private String single(String instruction, boolean checkFlags) throws Invalid {
        if (args.size() != 1) {
            throw invalid(instruction + " requires exactly one argument");
        }
        if (checkFlags) {
            flags(NO_FLAGS);
        }
        return args.get(0);
    }

    private void atLeastOne(String instruction) throws Invalid {
        if (args.isEmpty()) {
            throw invalid(instruction + " requires at least one argument");
        }
    }

    private FlagSpec.Values flags(FlagSpec spec) throws Invalid {
        try {
            return spec.check(node.flags());
        } catch (FlagSpec.FlagException e) {
            throw new Invalid(e.getMessage(), e.flag().range());
        }
    }

    private Invalid invalid(String message) {
        return new Invalid(message, node.range());
    }

    private static String suggestInstruction(String name) {
        List<String> known = List.of("ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK",
                "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR");
        return Suggest.search(name, known, false).map(s -> " (did you mean " + s + "?)").orElse("");
    }

}
