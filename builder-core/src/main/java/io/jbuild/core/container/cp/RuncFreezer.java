package io.jbuild.core.container.cp;

import io.jbuild.core.exec.OciRuntime;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Freezes a runc container with {@code runc pause} (the cgroup freezer) and thaws it with {@code runc resume};
 * a container that is not running (stopped, or already paused by someone else) is left as it is.
 */
public record RuncFreezer(String runtime, Path runtimeRoot, String id) implements Freezer {

    @Override
    public Frozen freeze() throws IOException {
        if (!status().equals("running")) {
            return () -> { };
        }
        OciRuntime runc = new OciRuntime(runtime, runtimeRoot);
        runc.pause(id, " for the copy");
        return () -> runc.resume(id, " after the copy");
    }

    /** {@code runc state}'s status: running, paused, stopped, created; "" when runc does not know it. */
    String status() {
        try {
            return new OciRuntime(runtime, runtimeRoot).state(id).map(s -> s.path("status").asText()).orElse("");
        } catch (IOException e) {
            return ""; // the runtime cannot tell: nothing to freeze
        }
    }
}
