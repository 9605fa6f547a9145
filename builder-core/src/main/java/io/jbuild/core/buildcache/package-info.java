/**
 * The build cache shared between machines ({@code --cache-to}, {@code --cache-from}): a build's step records
 * exported to, and imported from, a registry or an OCI layout directory in BuildKit's cache container format.
 *
 * <ul>
 *   <li>{@link io.jbuild.core.buildcache.CacheSource} and {@link io.jbuild.core.buildcache.CacheTarget} read the
 *       options, with BuildKit's names and meanings.</li>
 *   <li>{@link io.jbuild.core.buildcache.CacheConfig} is the format: the config JSON and its manifest.</li>
 *   <li>{@link io.jbuild.core.buildcache.ImportedCache} holds the sources' records for one build, fetching and
 *       checking a layer when a step finds it; {@link io.jbuild.core.buildcache.CacheExport} writes a build's.</li>
 *   <li>{@link io.jbuild.core.buildcache.MountArchive} writes a {@code RUN --mount=type=cache} directory as a blob
 *       ({@code mounts=ID}); {@code ImportedCache.mountSeed} fills an empty one from a source.</li>
 *   <li>{@link io.jbuild.core.buildcache.CacheProgress} is how an import or export reports itself.</li>
 *   <li>{@code RegistryCache} and {@code LocalCache} are where a cache lives.</li>
 * </ul>
 */
package io.jbuild.core.buildcache;
