package io.jbuild.cli.progress;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jbuild.core.build.BuildListener;
import java.io.PrintWriter;
import java.time.Duration;

/** {@code --progress=rawjson}: one JSON object per event and line, for tools that follow a build. */
public final class RawJsonProgress implements BuildListener {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintWriter out;

    public RawJsonProgress(PrintWriter out) {
        this.out = out;
    }

    private synchronized void emit(ObjectNode event) {
        out.println(event.toString());
        out.flush();
    }

    private static ObjectNode event(String type, String stage, int number) {
        ObjectNode n = JSON.createObjectNode();
        n.put("event", type);
        n.put("stage", stage);
        n.put("step", number);
        return n;
    }

    @Override
    public void planned(int stages) {
        ObjectNode n = JSON.createObjectNode();
        n.put("event", "planned");
        n.put("stages", stages);
        emit(n);
    }

    @Override
    public void stepStarted(String stage, int number, int total, String text) {
        ObjectNode n = event("started", stage, number);
        n.put("total", total);
        n.put("instruction", text);
        emit(n);
    }

    @Override
    public void stepCached(String stage, int number) {
        emit(event("cached", stage, number));
    }

    @Override
    public void stepDone(String stage, int number, Duration took) {
        ObjectNode n = event("done", stage, number);
        n.put("millis", took.toMillis());
        emit(n);
    }

    @Override
    public void stepFailed(String stage, int number, String message) {
        ObjectNode n = event("failed", stage, number);
        n.put("message", message);
        emit(n);
    }

    @Override
    public void output(String stage, int number, String line) {
        ObjectNode n = event("output", stage, number);
        n.put("line", line);
        emit(n);
    }

    @Override
    public void warning(String message) {
        ObjectNode n = JSON.createObjectNode();
        n.put("event", "warning");
        n.put("message", message);
        emit(n);
    }
}
