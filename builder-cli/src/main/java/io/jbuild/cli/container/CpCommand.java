package io.jbuild.cli.container;

import io.jbuild.cli.Failure;
import io.jbuild.cli.Subcommand;
import io.jbuild.cli.image.StoreOptions;
import io.jbuild.core.container.Container;
import io.jbuild.core.container.Containers;
import io.jbuild.core.container.cp.ContainerCopy;
import io.jbuild.core.container.cp.CopyArg;
import io.jbuild.core.container.cp.Owners;
import io.jbuild.core.exec.ContainerUser;
import io.jbuild.core.exec.UserResolver;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jbuild cp}: docker cp between a container (running or stopped) and the host or a tar stream. */
@Command(name = "cp", mixinStandardHelpOptions = true, description = {"Copy files between a container (running "
        + "or stopped) and the host, as docker cp: CONTAINER:SRC DEST, SRC CONTAINER:DEST, '-' for a tar stream on "
        + "standard input or output."})
public final class CpCommand extends Subcommand {

    @Mixin
    StoreOptions store;

    @Option(names = {"-a", "--archive"}, description = "Give the copies the container user's uid and gid.")
    boolean archive;

    @Option(names = {"-L", "--follow-link"}, description = "Follow a symbolic link named as the source.")
    boolean followLink;

    @Parameters(index = "0", paramLabel = "SRC", description = "CONTAINER:PATH, a host path or -.")
    String source;

    @Parameters(index = "1", paramLabel = "DEST", description = "CONTAINER:PATH, a host path or -.")
    String destination;

    public CpCommand() {
        super("cp", Failure.ERROR);
    }

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws IOException {
        CopyArg from = CopyArg.parse(source);
        CopyArg to = CopyArg.parse(destination);
        CopyArg.checkPair(from, to);
        Containers containers = new Containers(store.open());
        if (from instanceof CopyArg.InContainer in) {
            containers.withRootfs(in.container(), (c, rootfs, freezer) -> {
                ContainerCopy copy = new ContainerCopy(in.container(), rootfs, freezer);
                if (to instanceof CopyArg.Local local) {
                    copy.toHost(in.path(), local.path(), followLink);
                } else {
                    copy.tarOut(in.path(), followLink, System.out); // bytes: not the text writer
                    System.out.flush();
                }
                return null;
            });
        } else {
            CopyArg.InContainer in = (CopyArg.InContainer) to;
            containers.withRootfs(in.container(), (c, rootfs, freezer) -> {
                ContainerCopy copy = new ContainerCopy(in.container(), rootfs, freezer);
                Owners owners = archive ? owners(c, rootfs) : new Owners.Source();
                if (from instanceof CopyArg.Local local) {
                    copy.toContainer(local.path(), in.path(), followLink, owners);
                } else {
                    copy.tarIn(System.in, in.path(), owners);
                }
                return null;
            });
        }
            return 0;
    }

    /** {@code -a}: the container's user (root when it has none), as its /etc/passwd and /etc/group say. */
    private static Owners owners(Container c, Path rootfs) throws IOException {
        if (c.record().user().isEmpty()) {
            return new Owners.Fixed(0, 0);
        }
        ContainerUser user = UserResolver.resolve(rootfs, c.record().user());
        return new Owners.Fixed(user.uid(), user.gid());
    }
}
