package io.jbuild.core.container;

import java.nio.file.Path;

/**
 * One container's directory, {@code containers/<id>/}: its record and state, the overlay ({@code rootfs/}: upper
 * and work directories kept until {@code rm}), the runtime bundle, the private network, conmon's log, exit and pid
 * files.
 */
record ContainerFiles(Path dir, String id) {

    Path record() {
        return dir.resolve("record.json");
    }

    Path state() {
        return dir.resolve("state.json");
    }

    Path rootfs() {
        return dir.resolve("rootfs");
    }

    Path merged() {
        return rootfs().resolve("merged");
    }

    Path bundle() {
        return dir.resolve("bundle");
    }

    Path network() {
        return dir.resolve("network");
    }

    Path log() {
        return dir.resolve("ctr.log");
    }

    Path exitDir() {
        return dir.resolve("exit");
    }

    Path exitFile() {
        return exitDir().resolve(id);
    }

    Path pidFile() {
        return dir.resolve("pid");
    }

    Path conmonPidFile() {
        return dir.resolve("conmon.pid");
    }

    Path runtimeLog() {
        return dir.resolve("runtime.log");
    }

    Path socketDir() {
        return dir.resolve("sock");
    }
}
