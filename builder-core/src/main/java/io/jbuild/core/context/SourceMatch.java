package io.jbuild.core.context;

/**
 * One context path a COPY/ADD source stands for.
 *
 * @param path   the path as named or as the wildcard matched it (its last segment is the name the copy gets
 *               when the destination is a directory)
 * @param target what is copied: {@code path} with every symbolic link on the way, the last one included,
 *               followed inside the context (BuildKit's {@code FollowSymlinks}); never a symbolic link
 */
public record SourceMatch(ContextPath path, ContextEntry target) {
}
