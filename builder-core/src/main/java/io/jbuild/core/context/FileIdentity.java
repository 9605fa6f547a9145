package io.jbuild.core.context;

/** A file's device and inode: two entries with the same identity are hard links to one file. */
public record FileIdentity(long device, long inode) {
}
