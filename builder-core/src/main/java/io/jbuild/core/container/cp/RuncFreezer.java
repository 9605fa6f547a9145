package io.jbuild.core.container.cp;

import io.jbuild.core.snapshot.HostCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        HostCommand.check(List.of(runtime, "--root", runtimeRoot.toString(), "pause", id), null,
                "cannot pause container " + id + " for the copy");
        return () -> HostCommand.check(List.of(runtime, "--root", runtimeRoot.toString(), "resume", id), null,
                "cannot resume container " + id + " after the copy");
    }

    /** {@code runc state}'s status: running, paused, stopped, created; "" when runc does not know it. */
    String status() throws IOException {
        HostCommand.Result r = HostCommand.run(List.of(runtime, "--root", runtimeRoot.toString(), "state", id), null);
        if (!r.ok()) {
            return "";
        }
        Matcher m = Pattern.compile("\"status\":\\s*\"(\\w+)\"").matcher(r.output());
        return m.find() ? m.group(1) : "";
    }
}
