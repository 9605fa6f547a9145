package io.jbuild.core.context;

/** What a context entry is (as lstat sees it: symbolic links are not followed). */
public enum EntryType {
    FILE,
    DIRECTORY,
    SYMLINK,
    /** A FIFO or a device node; {@link ContextEntry#mode()} has the exact type bits. Sockets are never entries. */
    OTHER
}
