package io.jbuild.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbuild.core.image.Descriptor;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.image.ImageIndex;
import io.jbuild.core.image.ImageManifest;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.core.image.MediaTypes;
import io.jbuild.core.image.NoMatchingPlatformException;
import io.jbuild.core.image.OciJson;
import io.jbuild.core.image.Platform;
import io.jbuild.core.image.PlatformMatcher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageStoreTest {

    private static final Instant T1 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant T2 = Instant.parse("2024-06-01T00:00:00Z");

    @TempDir
    Path root;

    private static ImageReference ref(String s) {
        return ImageReference.parse(s);
    }

    @Test
    void newStoreIsAnEmptyOciLayout() throws Exception {
        ImageStore store = ImageStore.open(root);
        assertThat(store.layoutDir()).isEqualTo(root.resolve("oci"));
        assertThat(Files.readString(root.resolve("oci/oci-layout"))).isEqualTo("{\"imageLayoutVersion\":\"1.0.0\"}");
        assertThat(Files.readString(root.resolve("oci/index.json"))).isEqualTo(
                "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}");
        assertThat(root.resolve("oci/blobs/sha256")).isDirectory();
        assertThat(store.list()).isEmpty();
        assertThat(ImageStore.open(root).list()).as("reopening keeps it").isEmpty();
    }

    @Test
    void tagWritesTheFullReferenceIntoIndexJson() throws Exception {
        ImageStore store = ImageStore.open(root);
        Descriptor image = TestImages.image(store, T1, "layer-1");
        store.tag(ref("hello:1.0"), image);

        ImageIndex index = OciJson.read(Files.readAllBytes(root.resolve("oci/index.json")), ImageIndex.class);
        assertThat(index.manifests()).hasSize(1);
        Descriptor entry = index.manifests().get(0);
        assertThat(entry.refName()).contains("docker.io/library/hello:1.0");
        assertThat(entry.digest()).isEqualTo(image.digest());
        assertThat(entry.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(entry.platform()).isEqualTo(Platform.host());
        assertThat(store.lookup(ref("docker.io/library/hello:1.0"))).contains(entry);
        assertThat(store.lookup(ref("hello:2"))).isEmpty();
    }

    @Test
    void resolveByReferenceIdPrefixAndDigest() throws Exception {
        ImageStore store = ImageStore.open(root);
        Descriptor image = TestImages.image(store, T1, "a", "b");
        store.tag(ref("erectbranch/nginx:1"), image);
        ResolvedImage byRef = store.resolve("erectbranch/nginx:1");
        Digest id = byRef.imageId();
        assertThat(byRef.reference()).isEqualTo(ref("docker.io/erectbranch/nginx:1"));
        assertThat(byRef.manifestDescriptor().digest()).isEqualTo(image.digest());
        assertThat(byRef.config().rootfs().diffIds()).hasSize(2);
        assertThat(byRef.size()).isEqualTo(byRef.manifest().config().size() + 2);

        for (String form : List.of(id.toString(), id.encoded(), id.shortHex(), id.encoded().substring(0, 4),
                "sha256:" + id.shortHex(), "docker.io/erectbranch/nginx:1", "erectbranch/nginx:1@" + image.digest(),
                "erectbranch/nginx@" + image.digest(), image.digest().toString())) {
            ResolvedImage r = store.resolve(form);
            assertThat(r.imageId()).as(form).isEqualTo(id);
        }
        assertThatThrownBy(() -> store.resolve("erectbranch/nginx")).isInstanceOf(NoSuchImageException.class)
                .hasMessage("no such image: erectbranch/nginx");
        assertThatThrownBy(() -> store.resolve("erectbranch/nginx:1@sha256:" + "0".repeat(64)))
                .isInstanceOf(NoSuchImageException.class);
    }

    @Test
    void listIsNewestFirstWithSizesAndIds() throws Exception {
        ImageStore store = ImageStore.open(root);
        Descriptor old = TestImages.image(store, T1, "12345");
        Descriptor recent = TestImages.image(store, T2, "1", "22");
        store.tag(ref("old"), old);
        store.tag(ref("localhost:5000/team/recent:v2"), recent);
        store.tag("old:latest", ref("erectbranch/old:1"));

        List<ImageSummary> images = store.list();
        assertThat(images).extracting(ImageSummary::repository, ImageSummary::tag).containsExactly(
                Tuple.tuple("localhost:5000/team/recent", "v2"),
                Tuple.tuple("erectbranch/old", "1"),
                Tuple.tuple("old", "latest"));
        ImageSummary first = images.get(0);
        ResolvedImage r = store.resolve("localhost:5000/team/recent:v2");
        assertThat(first.id()).isEqualTo(r.imageId());
        assertThat(first.target()).isEqualTo(recent.digest());
        assertThat(first.created()).isEqualTo(T2);
        assertThat(first.size()).isEqualTo(r.manifest().config().size() + 3);
        assertThat(images.get(1).id()).isEqualTo(images.get(2).id());
    }

    @Test
    void retaggingMovesTheTag() throws Exception {
        ImageStore store = ImageStore.open(root);
        Descriptor a = TestImages.image(store, T1, "a");
        Descriptor b = TestImages.image(store, T1, "b");
        store.tag(ref("app"), a);
        store.tag(ref("app:latest"), b);
        assertThat(store.index().manifests()).hasSize(1);
        assertThat(store.lookup(ref("app")).orElseThrow().digest()).isEqualTo(b.digest());
    }

    @Test
    void entriesAreSortedSoIndexJsonDoesNotDependOnOrder() throws Exception {
        ImageStore store = ImageStore.open(root);
        Descriptor a = TestImages.image(store, T1, "a");
        for (String name : List.of("zeta", "alpha", "mid")) {
            store.tag(ref(name), a);
        }
        assertThat(store.index().manifests()).extracting(d -> d.refName().orElseThrow()).containsExactly(
                "docker.io/library/alpha:latest", "docker.io/library/mid:latest", "docker.io/library/zeta:latest");
    }

    @Test
    void tagRefusesDigestsAndIncompleteImages() throws Exception {
        ImageStore store = ImageStore.open(root);
        Descriptor image = TestImages.image(store, T1, "a");
        assertThatThrownBy(() -> store.tag(ref("app@" + image.digest()), image))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("refusing to create a tag with a digest reference: app@" + image.digest());

        Descriptor ghostLayer = Descriptor.of(MediaTypes.OCI_LAYER, Digest.of("ghost".getBytes(StandardCharsets.UTF_8)), 5);
        ImageManifest manifest = store.readManifest(image) instanceof ImageManifest m ? m : null;
        Descriptor broken = store.putManifest(ImageManifest.oci(manifest.config(), List.of(ghostLayer)));
        assertThatThrownBy(() -> store.tag(ref("broken"), broken))
                .isInstanceOf(IncompleteImageException.class)
                .hasMessage("image " + broken.digest() + " is incomplete: blob " + ghostLayer.digest()
                        + " is not in the store");
        Descriptor missingManifest = Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256("9".repeat(64)), 10);
        assertThatThrownBy(() -> store.tag(ref("ghost"), missingManifest)).isInstanceOf(IncompleteImageException.class);
        assertThat(store.index().manifests()).isEmpty();
    }

    @Test
    void rmiUntagsWhileOtherTagsRemain() throws Exception {
        ImageStore store = ImageStore.open(root);
        Descriptor image = TestImages.image(store, T1, "a");
        store.tag(ref("nginx:latest"), image);
        store.tag(ref("erectbranch/nginx:1"), image);
        RemoveResult r = store.remove("nginx", false);
        assertThat(r.untagged()).containsExactly("nginx:latest");
        assertThat(r.deleted()).isEmpty();
        assertThat(store.blobs().has(image.digest())).isTrue();
        assertThat(store.list()).extracting(ImageSummary::repository).containsExactly("erectbranch/nginx");

        RemoveResult last = store.remove("erectbranch/nginx:1", false);
        assertThat(last.untagged()).containsExactly("erectbranch/nginx:1");
        assertThat(last.deleted()).hasSize(1);
        assertThat(store.blobs().list()).as("the image's blobs go with its last tag").isEmpty();
    }

    @Test
    void rmiByIdOfAnImageWithSeveralTagsNeedsForce() throws Exception {
        ImageStore store = ImageStore.open(root);
        Descriptor image = TestImages.image(store, T1, "shared", "own");
        Descriptor other = TestImages.image(store, T1, "shared", "other");
        store.tag(ref("nginx:latest"), image);
        store.tag(ref("erectbranch/nginx:1"), image);
        store.tag(ref("other"), other);
        Digest id = store.resolve("nginx").imageId();

        assertThatThrownBy(() -> store.remove(id.shortHex(), false))
                .isInstanceOf(ImageConflictException.class)
                .hasMessage("conflict: unable to delete " + id.shortHex()
                        + " (must be forced) - image is referenced in multiple repositories");
        assertThat(store.list()).hasSize(3);

        RemoveResult r = store.remove(id.shortHex(), true);
        assertThat(r.untagged()).containsExactlyInAnyOrder("nginx:latest", "erectbranch/nginx:1");
        assertThat(r.deleted()).containsExactly(id);
        assertThat(store.list()).extracting(ImageSummary::repository).containsExactly("other");
        Digest shared = Digest.of("shared".getBytes(StandardCharsets.UTF_8));
        Digest own = Digest.of("own".getBytes(StandardCharsets.UTF_8));
        assertThat(store.blobs().has(shared)).as("a layer another image uses stays").isTrue();
        assertThat(store.blobs().has(own)).isFalse();
        assertThat(store.blobs().has(id)).isFalse();
        assertThat(store.resolve("other").config()).isNotNull();
    }

    @Test
    void rmiByIdOfAnImageWithOneTagNeedsNoForce() throws Exception {
        ImageStore store = ImageStore.open(root);
        store.tag(ref("solo"), TestImages.image(store, T1, "a"));
        Digest id = store.resolve("solo").imageId();
        assertThat(store.remove(id.toString(), false).untagged()).containsExactly("solo:latest");
        assertThatThrownBy(() -> store.remove(id.toString(), false)).isInstanceOf(NoSuchImageException.class)
                .hasMessage("no such image: " + id);
    }

    @Test
    void ambiguousShortIdIsAConflict() throws Exception {
        ImageStore store = ImageStore.open(root);
        Map<Character, Integer> firstDigits = new HashMap<>();
        char ambiguous = 0;
        for (int i = 0; ambiguous == 0; i++) {
            store.tag(ref("img" + i), TestImages.image(store, T1, "layer " + i));
            char c = store.resolve("img" + i).imageId().encoded().charAt(0);
            if (firstDigits.merge(c, 1, Integer::sum) == 2) {
                ambiguous = c;
            }
        }
        String prefix = String.valueOf(ambiguous);
        assertThatThrownBy(() -> store.resolve(prefix)).isInstanceOf(ImageConflictException.class)
                .hasMessage("short image ID " + prefix + " is ambiguous: it matches 2 images");
    }

    @Test
    void untag() throws Exception {
        ImageStore store = ImageStore.open(root);
        store.tag(ref("a"), TestImages.image(store, T1, "a"));
        assertThat(store.untag(ref("a"))).isTrue();
        assertThat(store.untag(ref("a"))).isFalse();
        assertThat(store.list()).isEmpty();
    }

    @Test
    void pruneRemovesWhatNoTagReaches() throws Exception {
        ImageStore store = ImageStore.open(root);
        Descriptor kept = TestImages.image(store, T1, "kept-layer", "shared");
        store.tag(ref("kept"), kept);
        TestImages.image(store, T1, "orphan-layer", "shared");
        BlobInfo stray = store.blobs().put("stray".getBytes(StandardCharsets.UTF_8));
        int before = store.blobs().list().size();

        PruneResult result = store.prune(Duration.ofHours(1));
        // orphan image: manifest, config, its own layer; plus the stray blob
        assertThat(result.deletedBlobs()).hasSize(4).contains(stray.digest());
        assertThat(result.reclaimedBytes()).isPositive();
        assertThat(store.blobs().list()).hasSize(before - 4);
        ResolvedImage r = store.resolve("kept");
        assertThat(r.config().rootfs().diffIds()).hasSize(2);
        assertThat(store.prune(Duration.ZERO).deletedBlobs()).isEmpty();
    }

    @Test
    void multiPlatformIndexResolvesToTheStorePlatform() throws Exception {
        ImageStore store = ImageStore.open(root);
        Descriptor amd = TestImages.image(store, Platform.parse("linux/amd64"), T1, "amd");
        Descriptor arm = TestImages.image(store, Platform.parse("linux/arm64/v8"), T1, "arm");
        Descriptor index = store.putManifest(ImageIndex.oci(List.of(amd, arm)));
        store.tag(ref("multi"), index);

        ImageStore armStore = ImageStore.open(root, PlatformMatcher.of(Platform.parse("linux/arm64")));
        ResolvedImage r = armStore.resolve("multi");
        assertThat(r.target().digest()).isEqualTo(index.digest());
        assertThat(r.manifestDescriptor().digest()).isEqualTo(arm.digest());
        assertThat(r.config().architecture()).isEqualTo("arm64");
        assertThat(armStore.list().get(0).id()).isEqualTo(r.imageId());

        ImageStore s390 = ImageStore.open(root, PlatformMatcher.of(Platform.parse("linux/s390x")));
        assertThatThrownBy(() -> s390.resolve("multi")).isInstanceOf(NoMatchingPlatformException.class)
                .hasMessageContaining("available: linux/amd64, linux/arm64/v8");
        assertThat(s390.list()).singleElement().satisfies(s -> assertThat(s.id()).isEqualTo(index.digest()));

        // Tagging an index copies nothing: the same digest under another name.
        armStore.tag("multi", ref("multi:copy"));
        assertThat(armStore.lookup(ref("multi:copy")).orElseThrow().digest()).isEqualTo(index.digest());
    }

    @Test
    void aMultiPlatformImagesIdIsItsIndexDigestForListTagAndRmi() throws Exception {
        ImageStore store = ImageStore.open(root);
        Descriptor amd = TestImages.image(store, Platform.parse("linux/amd64"), T1, "amd");
        Descriptor arm = TestImages.image(store, Platform.parse("linux/arm64"), T1, "arm");
        Descriptor index = store.putManifest(ImageIndex.oci(List.of(amd, arm)));
        store.tag(ref("multi"), index);
        Digest hostConfig = ((ImageManifest) store.readManifest(amd)).config().digest();

        // one ID whichever platform the store resolves for (docker's containerd store shows the index digest)
        for (String platform : List.of("linux/amd64", "linux/arm64")) {
            ImageStore s = ImageStore.open(root, PlatformMatcher.of(Platform.parse(platform)));
            assertThat(s.resolve("multi").imageId()).isEqualTo(index.digest());
            assertThat(s.list()).singleElement().satisfies(i -> assertThat(i.id()).isEqualTo(index.digest()));
        }
        assertThat(store.resolve("multi").configDigest()).isEqualTo(hostConfig);
        // the index's ID finds it, short or full; a platform's config digest is not its ID
        assertThat(store.resolve(index.digest().shortHex()).target().digest()).isEqualTo(index.digest());
        assertThatThrownBy(() -> store.resolve(hostConfig.toString())).isInstanceOf(NoSuchImageException.class);

        store.tag(index.digest().shortHex(), ref("multi:copy"));
        assertThat(store.lookup(ref("multi:copy")).orElseThrow().digest()).isEqualTo(index.digest());
        assertThatThrownBy(() -> store.remove(index.digest().shortHex(), false))
                .isInstanceOf(ImageConflictException.class);
        RemoveResult removed = store.remove(index.digest().toString(), true);
        assertThat(removed.untagged()).containsExactlyInAnyOrder("multi:latest", "multi:copy");
        assertThat(removed.deleted()).containsExactly(index.digest());
        assertThat(store.list()).isEmpty();
        assertThat(store.blobs().has(index.digest())).isFalse();
        assertThat(store.blobs().has(arm.digest())).isFalse();
    }

    @Test
    void indexMayKeepOnlySomePlatformsButNotNone() throws Exception {
        ImageStore store = ImageStore.open(root);
        Descriptor amd = TestImages.image(store, Platform.parse("linux/amd64"), T1, "amd");
        Descriptor elsewhere = Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256("e".repeat(64)), 500)
                .withPlatform(Platform.parse("linux/riscv64"));
        Descriptor partial = store.putManifest(ImageIndex.oci(List.of(amd, elsewhere)));
        store.tag(ref("partial"), partial);
        Descriptor none = store.putManifest(ImageIndex.oci(List.of(elsewhere)));
        assertThatThrownBy(() -> store.tag(ref("none"), none)).isInstanceOf(IncompleteImageException.class);
        // prune keeps the partial index and the platform it has
        store.prune(Duration.ZERO);
        assertThat(store.blobs().has(partial.digest())).isTrue();
        assertThat(store.blobs().has(amd.digest())).isTrue();
    }

    @Test
    void namesWrittenByOtherToolsAreListedAsIs() throws Exception {
        ImageStore store = ImageStore.open(root);
        Descriptor image = TestImages.image(store, T1, "a");
        store.tag(ref("ours"), image);
        // umoci and skopeo write short names such as "latest" into the same annotation.
        List<Descriptor> entries = new ArrayList<>(store.index().manifests());
        entries.add(image.withAnnotation(Descriptor.REF_NAME, "latest"));
        Files.write(root.resolve("oci/index.json"), OciJson.write(ImageIndex.oci(entries)));
        assertThat(store.list()).extracting(ImageSummary::repository, ImageSummary::tag).containsExactlyInAnyOrder(
                Tuple.tuple("ours", "latest"),
                Tuple.tuple("<none>", "latest"));
        assertThatThrownBy(() -> store.remove(store.resolve("ours").imageId().toString(), false))
                .isInstanceOf(ImageConflictException.class);
    }

    @Test
    void storeLocation() {
        Path home = Path.of("/home/u");
        assertThat(StoreLocation.resolve(Path.of("/x"), Map.of("JBUILD_HOME", "/y"), home)).isEqualTo(Path.of("/x"));
        assertThat(StoreLocation.resolve(null, Map.of("JBUILD_HOME", "/y"), home)).isEqualTo(Path.of("/y"));
        assertThat(StoreLocation.resolve(null, Map.of("XDG_DATA_HOME", "/data"), home)).isEqualTo(Path.of("/data/jbuild"));
        assertThat(StoreLocation.resolve(null, Map.of(), home)).isEqualTo(Path.of("/home/u/.local/share/jbuild"));
        assertThat(StoreLocation.resolve(null, Map.of("JBUILD_HOME", " "), home))
                .isEqualTo(Path.of("/home/u/.local/share/jbuild"));
    }
}
