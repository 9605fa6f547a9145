package io.jbuild.core.container;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jbuild.core.container.ports.PortMapping;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code record.json} and {@code state.json} by jackson-core's streaming parser and generator, field by field. No
 * ObjectMapper: building one and introspecting the records cost every container command (a {@code ps}, an
 * {@code exec}) more than all of its own work. The fields are the records' components, by name; unknown ones are
 * skipped (files of a newer jbuild), missing ones are empty (files of an older one).
 */
final class StateJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private StateJson() {
    }

    static byte[] write(ContainerRecord r) {
        return generate(g -> {
            g.writeStartObject();
            g.writeStringField("id", r.id());
            g.writeStringField("name", r.name());
            g.writeStringField("image", r.image());
            g.writeStringField("imageId", r.imageId());
            strings(g, "layers", r.layers());
            strings(g, "args", r.args());
            strings(g, "env", r.env());
            g.writeStringField("user", r.user());
            g.writeStringField("workdir", r.workdir());
            g.writeStringField("stopSignal", r.stopSignal());
            g.writeStringField("created", r.created());
            g.writeStringField("network", r.network());
            g.writeArrayFieldStart("mounts");
            for (ContainerRecord.Bind b : r.mounts()) {
                g.writeStartObject();
                g.writeStringField("source", b.source());
                g.writeStringField("destination", b.destination());
                g.writeBooleanField("readOnly", b.readOnly());
                g.writeEndObject();
            }
            g.writeEndArray();
            strings(g, "ports", r.ports());
            strings(g, "securityOpt", r.securityOpt());
            g.writeBooleanField("autoRemove", r.autoRemove());
            nullableStrings(g, "entrypoint", r.entrypoint());
            nullableStrings(g, "cmd", r.cmd());
            g.writeBooleanField("interactive", r.interactive());
            g.writeBooleanField("tty", r.tty());
            if (r.exposedPorts() != null) { // (a record read without them is written back as it was)
                strings(g, "exposedPorts", r.exposedPorts());
            }
            g.writeEndObject();
        });
    }

    static byte[] write(ContainerState s) {
        return generate(g -> {
            g.writeStartObject();
            g.writeStringField("status", s.status());
            g.writeNumberField("exitCode", s.exitCode());
            g.writeStringField("startedAt", s.startedAt());
            g.writeStringField("finishedAt", s.finishedAt());
            g.writeNumberField("pid", s.pid());
            g.writeNumberField("pidStart", s.pidStart());
            g.writeNumberField("conmonPid", s.conmonPid());
            g.writeArrayFieldStart("ports");
            for (PortMapping m : s.ports()) {
                g.writeStartObject();
                g.writeStringField("hostIp", m.hostIp());
                g.writeNumberField("hostPort", m.hostPort());
                g.writeNumberField("hostPortEnd", m.hostPortEnd());
                g.writeNumberField("containerPort", m.containerPort());
                g.writeStringField("protocol", m.protocol());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("error", s.error());
            g.writeEndObject();
        });
    }

    static ContainerRecord record(byte[] json) throws IOException {
        try (JsonParser p = open(json)) {
            String id = "", name = "", image = "", imageId = "", user = "", workdir = "", stopSignal = "";
            String created = "", network = "";
            List<String> layers = List.of(), args = List.of(), env = List.of(), ports = List.of();
            List<String> securityOpt = List.of();
            List<String> entrypoint = null, cmd = null; // null: none, as docker's Config shows it
            List<String> exposedPorts = null; // null: not recorded
            boolean autoRemove = false, interactive = false, tty = false;
            List<ContainerRecord.Bind> mounts = List.of();
            for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
                p.nextToken();
                switch (f) {
                    case "id" -> id = text(p, f);
                    case "name" -> name = text(p, f);
                    case "image" -> image = text(p, f);
                    case "imageId" -> imageId = text(p, f);
                    case "layers" -> layers = strings(p, f);
                    case "args" -> args = strings(p, f);
                    case "env" -> env = strings(p, f);
                    case "user" -> user = text(p, f);
                    case "workdir" -> workdir = text(p, f);
                    case "stopSignal" -> stopSignal = text(p, f);
                    case "created" -> created = text(p, f);
                    case "network" -> network = text(p, f);
                    case "mounts" -> mounts = binds(p, f);
                    case "ports" -> ports = strings(p, f);
                    case "securityOpt" -> securityOpt = strings(p, f);
                    case "autoRemove" -> autoRemove = flag(p, f);
                    case "entrypoint" -> entrypoint = nullableStrings(p, f);
                    case "cmd" -> cmd = nullableStrings(p, f);
                    case "interactive" -> interactive = flag(p, f);
                    case "tty" -> tty = flag(p, f);
                    case "exposedPorts" -> exposedPorts = nullableStrings(p, f);
                    default -> p.skipChildren();
                }
            }
            end(p);
            return new ContainerRecord(id, name, image, imageId, layers, args, env, user, workdir, stopSignal,
                    created, network, mounts, ports, securityOpt, autoRemove, entrypoint, cmd, interactive, tty,
                    exposedPorts);
        }
    }

    static ContainerState state(byte[] json) throws IOException {
        try (JsonParser p = open(json)) {
            String status = "", startedAt = "", finishedAt = "", error = "";
            int exitCode = 0;
            long pid = 0, pidStart = 0, conmonPid = 0;
            List<PortMapping> ports = List.of();
            for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
                p.nextToken();
                switch (f) {
                    case "status" -> status = text(p, f);
                    case "exitCode" -> exitCode = (int) number(p, f);
                    case "startedAt" -> startedAt = text(p, f);
                    case "finishedAt" -> finishedAt = text(p, f);
                    case "pid" -> pid = number(p, f);
                    case "pidStart" -> pidStart = number(p, f);
                    case "conmonPid" -> conmonPid = number(p, f);
                    case "ports" -> ports = mappings(p, f);
                    case "error" -> error = text(p, f);
                    default -> p.skipChildren();
                }
            }
            end(p);
            return new ContainerState(status, exitCode, startedAt, finishedAt, pid, pidStart, conmonPid, ports, error);
        }
    }

    private static List<ContainerRecord.Bind> binds(JsonParser p, String field) throws IOException {
        List<ContainerRecord.Bind> out = new ArrayList<>();
        for (boolean more = array(p, field); more && p.nextToken() != JsonToken.END_ARRAY; ) {
            expect(p, JsonToken.START_OBJECT, field);
            String source = "", destination = "";
            boolean readOnly = false;
            for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
                p.nextToken();
                switch (f) {
                    case "source" -> source = text(p, f);
                    case "destination" -> destination = text(p, f);
                    case "readOnly" -> readOnly = flag(p, f);
                    default -> p.skipChildren();
                }
            }
            out.add(new ContainerRecord.Bind(source, destination, readOnly));
        }
        return out;
    }

    private static List<PortMapping> mappings(JsonParser p, String field) throws IOException {
        List<PortMapping> out = new ArrayList<>();
        for (boolean more = array(p, field); more && p.nextToken() != JsonToken.END_ARRAY; ) {
            expect(p, JsonToken.START_OBJECT, field);
            String hostIp = "", protocol = "tcp";
            int hostPort = 0, hostPortEnd = 0, containerPort = 0;
            for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
                p.nextToken();
                switch (f) {
                    case "hostIp" -> hostIp = text(p, f);
                    case "hostPort" -> hostPort = (int) number(p, f);
                    case "hostPortEnd" -> hostPortEnd = (int) number(p, f);
                    case "containerPort" -> containerPort = (int) number(p, f);
                    case "protocol" -> protocol = text(p, f);
                    default -> p.skipChildren();
                }
            }
            out.add(new PortMapping(hostIp, hostPort, hostPortEnd, containerPort, protocol));
        }
        return out;
    }

    /** An array, or null kept as null (not as empty: docker tells {@code "Cmd": null} from {@code []}). */
    private static List<String> nullableStrings(JsonParser p, String field) throws IOException {
        return p.currentToken() == JsonToken.VALUE_NULL ? null : strings(p, field);
    }

    private static List<String> strings(JsonParser p, String field) throws IOException {
        List<String> out = new ArrayList<>();
        for (boolean more = array(p, field); more && p.nextToken() != JsonToken.END_ARRAY; ) {
            out.add(text(p, field));
        }
        return out;
    }

    /**
     * Whether the parser is on the start of an array, whose elements the caller then reads; false for null (as
     * empty). Loops over them, not lambdas: each lambda's first call costs a short-lived command its bootstrap.
     */
    private static boolean array(JsonParser p, String field) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return false;
        }
        expect(p, JsonToken.START_ARRAY, field);
        return true;
    }

    private static String text(JsonParser p, String field) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return "";
        }
        expect(p, JsonToken.VALUE_STRING, field);
        return p.getText();
    }

    private static long number(JsonParser p, String field) throws IOException {
        expect(p, JsonToken.VALUE_NUMBER_INT, field);
        return p.getLongValue();
    }

    private static boolean flag(JsonParser p, String field) throws IOException {
        if (!p.currentToken().isBoolean()) {
            throw wrong(p, "true or false", field);
        }
        return p.getBooleanValue();
    }

    private static JsonParser open(byte[] json) throws IOException {
        JsonParser p = FACTORY.createParser(json);
        if (p.nextToken() != JsonToken.START_OBJECT) {
            p.close();
            throw new IOException("expected a JSON object");
        }
        return p;
    }

    /** The object is read: nothing may follow it. */
    private static void end(JsonParser p) throws IOException {
        if (p.nextToken() != null) {
            throw new IOException("unexpected " + p.currentToken() + " after the JSON object at " + where(p));
        }
    }

    private static void expect(JsonParser p, JsonToken token, String field) throws IOException {
        if (p.currentToken() != token) {
            throw wrong(p, token == JsonToken.START_ARRAY ? "an array" : token == JsonToken.START_OBJECT
                    ? "an object" : token == JsonToken.VALUE_STRING ? "a string" : "an integer", field);
        }
    }

    private static IOException wrong(JsonParser p, String what, String field) {
        return new IOException("\"" + field + "\" must be " + what + ", not " + p.currentToken() + " (" + where(p)
                + ")");
    }

    private static String where(JsonParser p) {
        return "line " + p.currentLocation().getLineNr() + ", column " + p.currentLocation().getColumnNr();
    }

    @FunctionalInterface
    private interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] generate(Writer writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writer.write(g);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static void nullableStrings(JsonGenerator g, String field, List<String> values) throws IOException {
        if (values == null) {
            g.writeNullField(field);
        } else {
            strings(g, field, values);
        }
    }
}
