package io.jbuild.lsp;

import java.util.List;

/**
 * The image names completion offers after {@code FROM} and {@code --from=}: those of a local image store. This module
 * has no store ({@code io.jbuild.lsp.Main} alone offers none); {@code jbuild lsp} gives its own. Asked on a request
 * worker, never on the protocol thread, and only when a completion wants names, so it may read a disk.
 */
@FunctionalInterface
public interface ImageNames {

    /** No store: no names. */
    ImageNames NONE = List::of;

    /** The names as {@code docker images} would write them ({@code debian:12}, {@code localhost:5000/app:1}). */
    List<String> names();
}
