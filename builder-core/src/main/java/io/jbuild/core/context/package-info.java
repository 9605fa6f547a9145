/**
 * The build context step: what a build may read from the context directory, with BuildKit's rules.
 *
 * <ul>
 *   <li>{@link io.jbuild.core.context.DockerIgnore} finds and reads a .dockerignore ({@code <Dockerfile>.dockerignore}
 *       beside the Dockerfile first, as BuildKit does) into the grammar's
 *       {@link io.jbuild.grammar.ignore.IgnoreRules}, docker's pattern matcher (moby/patternmatcher), the one the
 *       linter asks too.</li>
 *   <li>{@link io.jbuild.core.context.BuildContext} is the context as BuildKit's daemon receives it (fsutil's
 *       filtered walk): included entries plus the excluded directories above re-included ones, owned by 0:0,
 *       links not followed, sockets sent as empty files, walked in byte order segment by segment. It resolves COPY/ADD
 *       sources ({@code filepath.Match} wildcards, links evaluated as if the context were "/", {@code ..} clamped
 *       at the root).</li>
 *   <li>{@link io.jbuild.core.context.ContextHasher} turns selected sources into a cache key, reading each file's
 *       contents only when its size, mtime, ctime or inode changed since the last build.</li>
 * </ul>
 *
 * <p>Paths are bytes ({@link io.jbuild.core.context.ContextPath}): Linux file names need not be UTF-8, and Java's
 * {@code Path.toString()} would lose such names; host paths are rebuilt from the bytes through {@code file:} URIs.
 * The Go functions docker's semantics are defined by ({@code filepath.Clean}, {@code filepath.Match},
 * {@code strings.TrimSpace}, UTF-8 decoding, RE2 syntax) are ported in the grammar ({@code gotext.GoText},
 * {@code glob.GoGlob}, {@code ignore}).
 */
package io.jbuild.core.context;
