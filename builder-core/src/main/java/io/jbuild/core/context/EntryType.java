package io.jbuild.core.context;

/** What a context entry is (as lstat sees it: symbolic links are not followed). */
public enum EntryType {
    /** A regular file, or a unix socket sent as an empty one (its {@link ContextEntry#mode()} tells which). */
    FILE,
    DIRECTORY,
    SYMLINK,
    /** A FIFO or a device node; {@link ContextEntry#mode()} has the exact type bits. Sockets are files. */
    OTHER
}
