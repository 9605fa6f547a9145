package io.jbuild.core.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jbuild.grammar.ast.ArgDeclaration;
import io.jbuild.grammar.ast.CommandLine;
import io.jbuild.grammar.ast.Directive;
import io.jbuild.grammar.ast.Flag;
import io.jbuild.grammar.ast.HealthcheckSpec;
import io.jbuild.grammar.ast.Heredoc;
import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.ast.KeyValue;
import io.jbuild.grammar.parser.ParseResult;
import io.jbuild.grammar.source.Diagnostic;
import io.jbuild.grammar.source.SourceRange;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The JSON form of parse results and instructions; README.md documents the schema. */
public final class AstJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AstJson() {
    }

    public static String write(String file, ParseResult result) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("file", file);
        root.put("escape", String.valueOf(result.dockerfile().escapeChar()));
        ArrayNode directives = root.putArray("directives");
        for (Directive d : result.dockerfile().directives()) {
            ObjectNode o = directives.addObject();
            o.put("name", d.name());
            o.put("value", d.value());
            o.set("range", range(d.range()));
        }
        ArrayNode instructions = root.putArray("instructions");
        for (Instruction i : result.dockerfile().instructions()) {
            instructions.add(instruction(i));
        }
        ArrayNode diagnostics = root.putArray("diagnostics");
        for (Diagnostic d : result.diagnostics()) {
            ObjectNode o = diagnostics.addObject();
            o.put("severity", d.severity().label());
            o.put("code", d.code());
            o.put("message", d.message());
            o.set("range", range(d.range()));
        }
        return text(root);
    }

    /** Pretty-printed JSON of a tree made of plain nodes. */
    public static String text(JsonNode root) {
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain nodes always serializes", e);
        }
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    public static ObjectNode instruction(Instruction i) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("instruction", i.name());
        o.put("keyword", i.meta().keyword());
        o.set("range", range(i.meta().range()));
        o.put("text", i.meta().text());
        ArrayNode flags = o.putArray("flags");
        for (Flag f : i.meta().flags()) {
            ObjectNode fo = flags.addObject();
            fo.put("name", f.name());
            optional(fo, "value", f.value());
            fo.put("raw", f.raw());
            fo.set("range", range(f.range()));
        }
        strings(o.putArray("comments"), i.meta().comments());
        i.accept(new Fields(o));
        return o;
    }

    /** Each instruction's own fields, beside the common ones. */
    private record Fields(ObjectNode o) implements Instruction.Visitor<Void, RuntimeException> {
        @Override
        public Void from(Instruction.From f) {
            o.put("image", f.image());
            optional(o, "stageName", f.stageName());
            optional(o, "platform", f.platform());
            return null;
        }

        @Override
        public Void run(Instruction.Run r) {
            o.set("command", command(r.command()));
            heredocs(o.putArray("heredocs"), r.heredocs());
            strings(o.putArray("mounts"), r.mounts());
            optional(o, "network", r.network());
            optional(o, "security", r.security());
            strings(o.putArray("devices"), r.devices());
            return null;
        }

        @Override
        public Void cmd(Instruction.Cmd c) {
            o.set("command", command(c.command()));
            return null;
        }

        @Override
        public Void entrypoint(Instruction.Entrypoint e) {
            e.command().ifPresent(c -> o.set("command", command(c)));
            return null;
        }

        @Override
        public Void shell(Instruction.Shell s) {
            strings(o.putArray("shell"), s.shell());
            return null;
        }

        @Override
        public Void env(Instruction.Env e) {
            keyValues(o.putArray("variables"), e.variables());
            return null;
        }

        @Override
        public Void label(Instruction.Label l) {
            keyValues(o.putArray("labels"), l.labels());
            return null;
        }

        @Override
        public Void arg(Instruction.Arg a) {
            ArrayNode decls = o.putArray("declarations");
            for (ArgDeclaration d : a.declarations()) {
                ObjectNode dn = decls.addObject();
                dn.put("name", d.name());
                optional(dn, "default", d.defaultValue());
            }
            return null;
        }

        @Override
        public Void copy(Instruction.Copy c) {
            strings(o.putArray("sources"), c.sources());
            heredocs(o.putArray("inlineSources"), c.inlineSources());
            o.put("destination", c.destination());
            optional(o, "from", c.from());
            optional(o, "chown", c.chown());
            optional(o, "chmod", c.chmod());
            o.put("link", c.link());
            o.put("parents", c.parents());
            strings(o.putArray("excludes"), c.excludes());
            return null;
        }

        @Override
        public Void add(Instruction.Add a) {
            strings(o.putArray("sources"), a.sources());
            heredocs(o.putArray("inlineSources"), a.inlineSources());
            o.put("destination", a.destination());
            optional(o, "chown", a.chown());
            optional(o, "chmod", a.chmod());
            o.put("link", a.link());
            a.keepGitDir().ifPresent(v -> o.put("keepGitDir", v));
            optional(o, "checksum", a.checksum());
            a.unpack().ifPresent(v -> o.put("unpack", v));
            strings(o.putArray("excludes"), a.excludes());
            return null;
        }

        @Override
        public Void workdir(Instruction.Workdir w) {
            o.put("path", w.path());
            return null;
        }

        @Override
        public Void user(Instruction.User u) {
            o.put("user", u.user());
            return null;
        }

        @Override
        public Void expose(Instruction.Expose e) {
            strings(o.putArray("ports"), e.ports());
            return null;
        }

        @Override
        public Void volume(Instruction.Volume v) {
            strings(o.putArray("paths"), v.paths());
            return null;
        }

        @Override
        public Void stopSignal(Instruction.StopSignal s) {
            o.put("signal", s.signal());
            return null;
        }

        @Override
        public Void healthcheck(Instruction.Healthcheck h) {
            o.set("healthcheck", AstJson.healthcheck(h.spec()));
            return null;
        }

        @Override
        public Void maintainer(Instruction.Maintainer m) {
            o.put("maintainer", m.maintainer());
            return null;
        }

        @Override
        public Void onbuild(Instruction.Onbuild ob) {
            o.set("trigger", instruction(ob.trigger()));
            return null;
        }

        @Override
        public Void unknown(Instruction.Unknown u) {
            strings(o.putArray("arguments"), u.arguments());
            return null;
        }
    }

    private static ObjectNode command(CommandLine c) {
        ObjectNode o = MAPPER.createObjectNode();
        if (c instanceof CommandLine.ExecForm e) {
            o.put("form", "exec");
            strings(o.putArray("arguments"), e.arguments());
        } else if (c instanceof CommandLine.ShellForm s) {
            o.put("form", "shell");
            o.put("script", s.script());
        }
        return o;
    }

    private static ObjectNode healthcheck(HealthcheckSpec spec) {
        ObjectNode o = MAPPER.createObjectNode();
        if (spec instanceof HealthcheckSpec.None) {
            o.put("type", "NONE");
        } else if (spec instanceof HealthcheckSpec.Check c) {
            o.put("type", "CMD");
            o.set("command", command(c.command()));
            duration(o, "interval", c.interval());
            duration(o, "timeout", c.timeout());
            duration(o, "startPeriod", c.startPeriod());
            duration(o, "startInterval", c.startInterval());
            c.retries().ifPresent(r -> o.put("retries", r));
        }
        return o;
    }

    private static void duration(ObjectNode o, String name, Optional<Duration> d) {
        d.ifPresent(v -> o.put(name + "Nanos", v.toNanos()));
    }

    private static void heredocs(ArrayNode array, List<Heredoc> docs) {
        for (Heredoc h : docs) {
            ObjectNode o = array.addObject();
            o.put("name", h.name());
            o.put("fileDescriptor", h.fileDescriptor());
            o.put("expand", h.expand());
            o.put("chomp", h.chomp());
            o.put("content", h.content());
            o.set("range", range(h.range()));
        }
    }

    private static void keyValues(ArrayNode array, List<KeyValue> pairs) {
        for (KeyValue kv : pairs) {
            ObjectNode o = array.addObject();
            o.put("key", kv.key());
            o.put("value", kv.value());
            o.put("legacyFormat", kv.legacyFormat());
        }
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static void optional(ObjectNode o, String name, Optional<String> value) {
        value.ifPresent(v -> o.put(name, v));
    }

    public static ObjectNode range(SourceRange r) {
        ObjectNode o = MAPPER.createObjectNode();
        ObjectNode start = o.putObject("start");
        start.put("line", r.start().line());
        start.put("column", r.start().column());
        ObjectNode end = o.putObject("end");
        end.put("line", r.end().line());
        end.put("column", r.end().column());
        return o;
    }
}
