package io.jbuild.core.container.cp;

/**
 * One side of {@code jbuild cp SRC DEST}, split as docker splits it: {@code -} is a tar stream, an absolute path or
 * one starting with {@code .} is the host's, {@code NAME:PATH} is a path in container NAME, anything else the host's.
 */
public sealed interface CopyArg {

    /** A path of the host, as given (a trailing {@code /} or {@code /.} matters). */
    record Local(String path) implements CopyArg {
    }

    /** A path in a container, as given; relative paths are relative to its root. */
    record InContainer(String container, String path) implements CopyArg {
    }

    /** {@code -}: a tar stream on standard input (as a source) or output (as a destination). */
    record Stream() implements CopyArg {
    }

    static CopyArg parse(String arg) {
        if (arg.equals("-")) {
            return new Stream();
        }
        int colon = arg.indexOf(':');
        if (arg.startsWith("/") || arg.startsWith(".") || colon <= 0) {
            return new Local(arg);
        }
        return new InContainer(arg.substring(0, colon), arg.substring(colon + 1));
    }

    /**
     * Checks that exactly one side is in a container, with docker's words when not.
     *
     * @throws IllegalArgumentException "copying between containers is not supported" or "must specify at least
     *                                  one container source"
     */
    static void checkPair(CopyArg source, CopyArg destination) {
        boolean from = source instanceof InContainer;
        boolean to = destination instanceof InContainer;
        if (from && to) {
            throw new IllegalArgumentException("copying between containers is not supported");
        }
        if (!from && !to) {
            throw new IllegalArgumentException("must specify at least one container source");
        }
    }
}
