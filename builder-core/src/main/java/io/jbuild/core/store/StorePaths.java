package io.jbuild.core.store;

import java.nio.file.Path;
import java.util.List;

/**
 * The one owner of the store's directory names: everything under the root ({@code --root}, {@code JBUILD_HOME})
 * is found through here, so a directory is renamed or moved in one place and no two parts of the code can disagree
 * on where a thing lives. Each directory's own insides belong to the class that writes them (the snapshot store
 * its {@code <id>/fs}, the RUN executor its {@code runs/}).
 *
 * @param root the store root, absolute and normalized
 */
public record StorePaths(Path root) {

    static final String OCI = "oci";
    static final String TMP = "tmp";
    static final String SNAPSHOTS = "snapshots";
    static final String RUN = "run";
    static final String BUILD = "build";
    static final String CACHE = "cache";
    static final String CONTAINERS = "containers";
    static final String LOCK = "lock";

    public StorePaths {
        root = root.toAbsolutePath().normalize();
    }

    /** The paths of the store at {@code root}. */
    public static StorePaths of(Path root) {
        return new StorePaths(root);
    }

    /** The OCI image layout that skopeo and umoci read ({@code oci:<root>/oci:<ref>}). */
    public Path ociLayout() {
        return root.resolve(OCI);
    }

    /** The layout's content-addressed blobs. */
    public Path blobs() {
        return ociLayout().resolve("blobs");
    }

    /** The layout's index of tagged manifests. */
    public Path indexFile() {
        return ociLayout().resolve("index.json");
    }

    /** Temporary files of writes in progress: on the layout's file system, for atomic renames. */
    public Path tmp() {
        return root.resolve(TMP);
    }

    /** The file taken exclusively while {@code index.json} is replaced. */
    public Path lockFile() {
        return root.resolve(LOCK);
    }

    /** Unpacked layers, which RUN steps and containers mount as overlay lower directories. */
    public Path snapshots() {
        return root.resolve(SNAPSHOTS);
    }

    /** Layers unpacked without their large files' bytes, for looking at a base's tree (SnapshotStore.metadataOnly). */
    public Path snapshotMetadata() {
        return snapshots().resolve("meta");
    }

    /** The RUN executor's state: running steps, the runtime's root, cache mounts. */
    public Path runState() {
        return root.resolve(RUN);
    }

    /** Per-build scratch directories (stage trees, streamed contexts), removed when the build ends. */
    public Path buildWork() {
        return root.resolve(BUILD);
    }

    /** The step cache: which layer a step's key made. */
    public Path stepCache() {
        return root.resolve(CACHE).resolve("steps");
    }

    /** Content hashes of context files, keyed by their metadata. */
    public Path contextCache() {
        return root.resolve(CACHE).resolve("context");
    }

    /** Which registry index each pulled tag's image was chosen from ({@link PulledIndexes}). */
    public Path pulledIndexes() {
        return root.resolve(CACHE).resolve("pulled-indexes");
    }

    /** The records, logs and runtime state of containers. */
    public Path containers() {
        return root.resolve(CONTAINERS);
    }

    /** The store's own top-level directories. */
    static List<String> topLevel() {
        return List.of(OCI, TMP, SNAPSHOTS, RUN, BUILD, CACHE, CONTAINERS);
    }
}
