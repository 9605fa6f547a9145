package io.jbuild.core.buildcache;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.core.image.Descriptor;
import io.jbuild.core.image.MediaTypes;
import io.jbuild.core.image.Platform;
import io.jbuild.core.registry.LocalRegistry;
import io.jbuild.core.registry.RegistryAccess;
import io.jbuild.core.registry.RegistryOptions;
import io.jbuild.core.store.BlobStore;
import io.jbuild.core.store.ImageStore;
import io.jbuild.grammar.reference.Digest;
import io.jbuild.grammar.reference.ImageReference;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two CI runners exporting to the same cache ref at once, round after round, each round a cache of its own (other
 * steps, new layer blobs), while a third reads the ref: every read is one whole export (a manifest one of them
 * wrote, a config that matches it with no record left out, every layer blob there and matching its digest), and
 * when both are done the ref holds one of their last exports.
 */
class ConcurrentCacheExportTest {

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.open();

    private static final int ROUNDS = 4;

    @TempDir
    Path tmp;

    /** One export: its steps and the manifest digest it writes. */
    private record Round(Map<String, CachedLayer> steps, Digest manifest) {
    }

    private static List<Round> rounds(String runner, BlobStore store, Random random) throws Exception {
        List<Round> out = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            Map<String, CachedLayer> steps = new LinkedHashMap<>();
            for (int layer = 0; layer < 3; layer++) {
                byte[] content = new byte[256 * 1024];
                random.nextBytes(content);
                Digest d = store.put(content).digest();
                byte[] key = new byte[32];
                random.nextBytes(key);
                steps.put(HexFormat.of().formatHex(key), new CachedLayer(Descriptor.of(MediaTypes.OCI_LAYER, d,
                        content.length), Digest.of(content)));
            }
            steps.put(runner.repeat(64), CachedLayer.NONE);
            byte[] config = CacheConfig.write(steps);
            out.add(new Round(steps, Digest.of(CacheConfig.manifest(config, CacheConfig.blobs(steps)))));
        }
        return out;
    }

    /** {@code cache} whose manifest is {@code doc}, as one read of the ref saw it. */
    private static CacheLocation pinned(CacheLocation cache, CacheLocation.Document doc) {
        return new CacheLocation() {
            @Override
            public Document manifest() {
                return doc;
            }

            @Override
            public Document manifest(Digest digest) throws IOException {
                return cache.manifest(digest);
            }

            @Override
            public byte[] read(Descriptor blob) throws IOException {
                return cache.read(blob);
            }

            @Override
            public void fetch(Descriptor blob, BlobStore store) throws IOException {
                cache.fetch(blob, store);
            }

            @Override
            public void write(BlobStore store, List<Descriptor> layers, byte[] config, byte[] manifest) {
                throw new UnsupportedOperationException("the reader only reads");
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void theRefAlwaysReadsAsOneWholeExport() throws Exception {
        ImageReference ref = ImageReference.parse(REGISTRY.host() + "/app/cache:shared");
        CacheTarget target = new CacheTarget.Registry(ref, CacheMode.MAX, false);
        RegistryAccess access = registry -> RegistryOptions.defaults();
        BlobStore a = ImageStore.open(tmp.resolve("a")).blobs();
        BlobStore b = ImageStore.open(tmp.resolve("b")).blobs();
        Random random = new Random(20);
        List<Round> roundsA = rounds("a", a, random);
        List<Round> roundsB = rounds("b", b, random);
        Map<Digest, Round> written = new ConcurrentHashMap<>();
        roundsA.forEach(r -> written.put(r.manifest(), r));
        roundsB.forEach(r -> written.put(r.manifest(), r));

        CacheExport.export(target, roundsA.get(0).steps(), Set.of(), a, access);
        AtomicBoolean exporting = new AtomicBoolean(true);
        List<String> problems = new CopyOnWriteArrayList<>();
        List<Digest> seen = new CopyOnWriteArrayList<>();
        BlobStore scratch = ImageStore.open(tmp.resolve("reader")).blobs();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?> reader = pool.submit(() -> {
                while (exporting.get()) {
                    try (RegistryCache cache = new RegistryCache(ref, RegistryOptions.defaults(), false)) {
                        CacheLocation.Document doc = cache.manifest();
                        Digest digest = Digest.of(doc.bytes());
                        Round round = written.get(digest);
                        if (round == null) {
                            problems.add("the ref names " + digest + ", which no export wrote");
                            continue;
                        }
                        seen.add(digest);
                        // read through the document just fetched: the tag may move between two fetches of it
                        CacheConfig.Contents read = ImportedCache.read(pinned(cache, doc), Platform.host(),
                                problems::add);
                        if (!read.steps().equals(round.steps())) {
                            problems.add("the config of " + digest + " reads as other records");
                        }
                        for (CachedLayer layer : round.steps().values()) {
                            if (!layer.empty()) {
                                cache.fetch(layer.descriptor(), scratch); // checked against its digest and size
                            }
                        }
                    } catch (Exception e) {
                        problems.add(e.toString());
                    }
                }
                return null;
            });
            List<Future<?>> exporters = new ArrayList<>();
            for (Map.Entry<BlobStore, List<Round>> runner : Map.of(a, roundsA, b, roundsB).entrySet()) {
                exporters.add(pool.submit(() -> {
                    for (Round r : runner.getValue()) {
                        CacheExport.export(target, r.steps(), Set.of(), runner.getKey(), access);
                    }
                    return null;
                }));
            }
            for (Future<?> f : exporters) {
                f.get();
            }
            exporting.set(false);
            reader.get();
        } finally {
            pool.shutdownNow();
        }
        assertThat(problems).isEmpty();
        assertThat(Set.copyOf(seen)).as("the reader saw the ref change while it read").hasSizeGreaterThan(1);
        try (RegistryCache cache = new RegistryCache(ref, RegistryOptions.defaults(), false)) {
            assertThat(Digest.of(cache.manifest().bytes())).isIn(roundsA.get(ROUNDS - 1).manifest(),
                    roundsB.get(ROUNDS - 1).manifest());
        }
    }
}
