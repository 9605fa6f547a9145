package io.jbuild.core.container.cp;

/**
 * Who owns what a copy writes. Docker keeps the source's owners by default (copying into a container, the
 * host's uid and gid land as they are; contrary to its manual, see moby/moby#34096), sets them to the
 * container's user with {@code -a}, and copying out leaves the files to the user running the copy.
 */
public sealed interface Owners {

    /** The source's uid and gid (a tar stream's: its headers'). */
    record Source() implements Owners {
    }

    /** Every file written gets these ({@code cp -a} into a container whose user is set). */
    record Fixed(long uid, long gid) implements Owners {
    }

    /** No change: whoever runs the copy owns what it creates (copying out to the host). */
    record Copier() implements Owners {
    }
}
