package io.jbuild.cli.run;

import io.jbuild.cli.container.Attaching;
import io.jbuild.cli.image.StoreOptions;
import io.jbuild.core.image.NoMatchingPlatformException;
import io.jbuild.core.image.PlatformMatcher;
import io.jbuild.core.container.Container;
import io.jbuild.core.container.ContainerException;
import io.jbuild.core.container.ContainerLog;
import io.jbuild.core.container.Containers;
import io.jbuild.core.container.attach.AttachOutcome;
import io.jbuild.core.container.attach.DetachKeys;
import io.jbuild.core.exec.NetworkMode;
import io.jbuild.core.run.RunOptions;
import io.jbuild.core.store.StoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code jbuild run}: a container that conmon watches and the store keeps, as docker's. With {@code -d} its ID is
 * printed and jbuild returns; with {@code -i} or {@code -t} this process attaches to it before it begins (its input,
 * its terminal) until it exits or the detach keys are typed; else its output is followed (stdout and stderr apart)
 * until it exits. The exit code is its own. {@code --rm} removes it then; with {@code -d}, it is removed when it
 * exits.
 */
final class KeptContainer {

    /** How the run goes: docker run's -d, --rm, -i, -t, --sig-proxy and --detach-keys. */
    record Mode(boolean detach, boolean remove, boolean interactive, boolean tty, boolean sigProxy, DetachKeys keys) {
        boolean attached() {
            return !detach && (interactive || tty);
        }
    }

    private final PrintWriter out;
    private final PrintWriter err;
    private final PlatformMatcher platform;

    /** @param platform the platform chosen from a multi-platform image ({@code run --platform}); null: the store's choice */
    KeptContainer(PrintWriter out, PrintWriter err, PlatformMatcher platform) {
        this.out = out;
        this.err = err;
        this.platform = platform;
    }

    int run(Path root, RunOptions options, String name, List<String> ports, Mode mode) {
        boolean detach = mode.detach();
        boolean remove = mode.remove();
        if (options.network() == NetworkMode.HOST && !ports.isEmpty()) {
            err.println("WARNING: Published ports are discarded when using host network mode"); // docker's words
            err.flush();
        }
        Containers containers;
        Container c;
        try {
            containers = new Containers(platform == null ? StoreOptions.open(root) : StoreOptions.open(root, platform));
            // -d --rm: the container removes itself as it exits (conmon's exit command), as docker's daemon does it
            c = containers.create(options, name, ports, detach && remove, mode.interactive(), mode.tty());
        } catch (ContainerException e) {
            err.println("jbuild: Error: " + e.getMessage());
            err.flush();
            return 125;
        } catch (IllegalArgumentException | StoreException e) {
            err.println("jbuild run: " + e.getMessage());
            err.flush();
            return 125;
        } catch (NoMatchingPlatformException e) {
            err.println("jbuild run: " + options.image() + ": " + e.getMessage() + " (choose one with --platform)");
            err.flush();
            return 125;
        } catch (IOException e) {
            err.println("jbuild run: " + options.image() + ": " + e.getMessage());
            err.flush();
            return 125;
        }
        // Ctrl-C or SIGTERM of a foreground run ends the container too, as it did when runs were throw-away. Set
        // before the start: a signal while it starts (its output may already show) then stops it once started.
        Thread onExit = new Thread(() -> stopQuietly(containers, c, remove), "jbuild-run-" + c.record().shortId());
        if (!detach) {
            Runtime.getRuntime().addShutdownHook(onExit);
        }
        if (mode.attached()) {
            return attached(containers, c, mode, onExit);
        }
        try {
            containers.start(c.id());
        } catch (ContainerException.CreateFailed e) {
            removeHook(onExit);
            // docker's: the container exists (-d printed its ID), kept as created with the error unless --rm; the
            // exit code tells a command not found (127) from one that cannot run (126)
            if (detach) {
                out.println(c.id());
                out.flush();
            }
            err.println("jbuild: Error: " + e.getMessage());
            err.flush();
            if (remove) {
                removeQuietly(containers, c);
            }
            return e.exitCode();
        } catch (IOException | IllegalArgumentException e) {
            removeHook(onExit);
            err.println("jbuild run: " + e.getMessage());
            err.flush();
            removeQuietly(containers, c); // a start that failed before the runtime (a port taken...) leaves nothing
            return 125;
        }
        if (detach) {
            out.println(c.id());
            out.flush();
            return 0;
        }
        try {
            ContainerLog.read(containers.logFile(c), -1, true, () -> containers.exited(c.id()),
                    (stderr, time, text, partial) -> {
                        PrintWriter w = stderr ? err : out;
                        w.print(partial ? text : text + "\n");
                        w.flush();
                    });
            int code = containers.await(c.id());
            if (remove) {
                containers.remove(c.id(), true);
            }
            return code;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } catch (IOException e) {
            err.println("jbuild run: " + e.getMessage());
            err.flush();
            return 125;
        } finally {
            removeHook(onExit);
        }
    }

    /** -i / -t in the foreground: attached from before its process begins, so none of its output is missed. */
    private int attached(Containers containers, Container c, Mode mode, Thread onExit) {
        boolean keep = false;
        try {
            Containers.Attached attached = containers.startAttached(c.id());
            AttachOutcome outcome = Attaching.attach(containers, attached, mode.interactive(), mode.sigProxy(),
                    mode.keys(), out, err);
            if (outcome instanceof AttachOutcome.Exited e) {
                if (mode.remove()) {
                    containers.remove(c.id(), true);
                }
                return e.exitCode();
            }
            keep = true; // detached: it goes on running, as docker's, and --rm applies when it is removed later
            return 0;
        } catch (ContainerException.CreateFailed e) {
            err.println("jbuild: Error: " + e.getMessage());
            err.flush();
            return e.exitCode();
        } catch (IOException | IllegalArgumentException e) {
            err.println("jbuild run: " + e.getMessage());
            err.flush();
            return 125; // the container stays for `ps -a` and `logs`, as after any failed start, unless --rm
        } finally {
            removeHook(onExit);
            if (!keep && mode.remove()) {
                removeQuietly(containers, c);
            }
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private static void stopQuietly(Containers containers, Container c, boolean remove) {
        try {
            if (remove) {
                containers.remove(c.id(), true);
            } else {
                containers.stop(c.id(), 0);
            }
        } catch (IOException | RuntimeException e) {
            // the JVM is going down; the next command shows the container as it is
        }
    }

    private static void removeQuietly(Containers containers, Container c) {
        try {
            containers.remove(c.id(), true);
        } catch (IOException e) {
            // reported by the start's failure already; the next command's list shows what is left
        }
    }
}
