package io.jbuild.core.container;

import java.util.List;

/**
 * What a container was made with; written once when it is created ({@code record.json}) and never changed.
 *
 * @param id          64 hex digits
 * @param name        unique among the store's containers
 * @param image       the image as the user named it
 * @param imageId     the image's ID ({@code sha256:...}), what {@code rmi} and {@code prune} check against
 * @param layers      the image's layers as diff IDs, bottom first: the overlay's lower directories
 * @param args        the process: ENTRYPOINT and CMD as docker run combines them with the arguments given
 * @param env         {@code K=V}, the image's with {@code -e} on top
 * @param user        USER or {@code -u}
 * @param workdir     WORKDIR or {@code -w}
 * @param stopSignal  the image's STOPSIGNAL; {@code SIGTERM} when it has none
 * @param created     ISO-8601 instant
 * @param network     private, host or none
 * @param mounts      {@code -v} binds
 * @param ports       {@code -p} values as given, published again at each start (bound ports are in the state)
 * @param securityOpt {@code --security-opt} values, read again at each start
 * @param autoRemove  {@code run -d --rm}: removed when it exits, by conmon's exit command or by the next command
 * @param entrypoint  docker's {@code Config.Entrypoint}: {@code --entrypoint} or the image's; null for none
 * @param cmd         docker's {@code Config.Cmd}: the arguments given, else the image's CMD (none with
 *                    {@code --entrypoint}); null for none. {@code args} is what runs.
 * @param interactive {@code -i}: conmon keeps the container's standard input for attaching
 * @param tty         {@code -t}: the container's process has a terminal, which conmon holds
 * @param exposedPorts the image's EXPOSE ports ({@code 80/tcp}), sorted, what {@code ps} shows of a running
 *                    container besides the published ones; null in records of before they were kept (then read
 *                    from the image)
 */
public record ContainerRecord(String id, String name, String image, String imageId, List<String> layers,
                              List<String> args, List<String> env, String user, String workdir, String stopSignal,
                              String created, String network, List<Bind> mounts, List<String> ports,
                              List<String> securityOpt, boolean autoRemove, List<String> entrypoint,
                              List<String> cmd, boolean interactive, boolean tty, List<String> exposedPorts) {

    /** One {@code -v HOST:CONTAINER[:ro]}. */
    public record Bind(String source, String destination, boolean readOnly) {
    }

    public ContainerRecord {
        layers = List.copyOf(layers);
        args = List.copyOf(args);
        env = List.copyOf(env);
        mounts = List.copyOf(mounts);
        ports = List.copyOf(ports);
        securityOpt = List.copyOf(securityOpt);
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint); // null: records of before they were kept
        cmd = cmd == null ? null : List.copyOf(cmd);
        exposedPorts = exposedPorts == null ? null : List.copyOf(exposedPorts);
    }

    /** The first 12 digits, as {@code ps} shows it and as the container's host name. */
    public String shortId() {
        return id.substring(0, 12);
    }
}
