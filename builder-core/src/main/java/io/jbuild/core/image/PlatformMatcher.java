package io.jbuild.core.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the best manifest of an index for a platform, as containerd's {@code platforms.Only} does: an
 * exact match first, then compatible platforms in order of preference (amd64/v3 runs v2, v1 and 386; arm64
 * runs arm v8 to v5; arm/v7 runs v6 and v5).
 */
public final class PlatformMatcher {

    private static final Map<String, int[][]> ARM64_VERSIONS = Map.ofEntries(
            Map.entry("v8", new int[][] {{8, 0}}), Map.entry("v8.0", new int[][] {{8, 0}}),
            Map.entry("v8.1", new int[][] {{8, 1}}), Map.entry("v8.2", new int[][] {{8, 2}}),
            Map.entry("v8.3", new int[][] {{8, 3}}), Map.entry("v8.4", new int[][] {{8, 4}}),
            Map.entry("v8.5", new int[][] {{8, 5}}), Map.entry("v8.6", new int[][] {{8, 6}}),
            Map.entry("v8.7", new int[][] {{8, 7}}), Map.entry("v8.8", new int[][] {{8, 8}}),
            Map.entry("v8.9", new int[][] {{8, 9}}),
            Map.entry("v9", new int[][] {{9, 0}, {8, 5}}), Map.entry("v9.0", new int[][] {{9, 0}, {8, 5}}),
            Map.entry("v9.1", new int[][] {{9, 1}, {8, 6}}), Map.entry("v9.2", new int[][] {{9, 2}, {8, 7}}),
            Map.entry("v9.3", new int[][] {{9, 3}, {8, 8}}), Map.entry("v9.4", new int[][] {{9, 4}, {8, 9}}),
            Map.entry("v9.5", new int[][] {{9, 5}, {8, 9}}), Map.entry("v9.6", new int[][] {{9, 6}, {8, 9}}),
            Map.entry("v9.7", new int[][] {{9, 7}, {8, 9}}));

    private final Platform wanted;
    private final List<Platform> preference;

    private PlatformMatcher(Platform wanted) {
        this.wanted = wanted;
        // A loop, not a stream: a stream's first use links the JDK's own lambdas, ~10 ms of a short command.
        List<Platform> normalized = new ArrayList<>();
        for (Platform p : vector(wanted.normalize())) {
            normalized.add(p.normalize());
        }
        this.preference = List.copyOf(normalized);
    }

    /** Matches {@code wanted} and the platforms it can run, best first. */
    public static PlatformMatcher of(Platform wanted) {
        return new PlatformMatcher(wanted);
    }

    /** Matches this machine's platform. */
    public static PlatformMatcher host() {
        return new PlatformMatcher(Platform.host());
    }

    public Platform wanted() {
        return wanted;
    }

    public boolean matches(Platform candidate) {
        return rank(candidate) >= 0;
    }

    /** 0 for an exact match, higher for less preferred compatible platforms, -1 if it cannot run. */
    public int rank(Platform candidate) {
        if (candidate == null) {
            return -1;
        }
        Platform c = candidate.normalize();
        for (int i = 0; i < preference.size(); i++) {
            Platform p = preference.get(i);
            if (p.os().equals(c.os()) && p.architecture().equals(c.architecture())
                    && same(p.variant(), c.variant()) && p.osFeatures().containsAll(c.osFeatures())) {
                return i;
            }
        }
        return -1;
    }

    /** The best manifest of the index for the wanted platform, if any; ties go to the first listed. */
    public Optional<Descriptor> find(ImageIndex index) {
        Descriptor best = null;
        int bestRank = Integer.MAX_VALUE;
        for (Descriptor d : index.manifests()) {
            int r = rank(d.platform());
            boolean better = r >= 0 && (r < bestRank || (r == bestRank
                    && d.platform().osFeatures().size() > best.platform().osFeatures().size()));
            if (better) {
                best = d;
                bestRank = r;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The best manifest of the index for the wanted platform.
     *
     * @throws NoMatchingPlatformException listing the platforms the index offers
     */
    public Descriptor select(ImageIndex index) {
        return find(index).orElseThrow(() -> new NoMatchingPlatformException(wanted, available(index)));
    }

    /** The runnable platforms an index offers (attestations and entries without a platform left out). */
    public static List<Platform> available(ImageIndex index) {
        List<Platform> out = new ArrayList<>();
        for (Descriptor d : index.manifests()) {
            Platform p = d.platform();
            if (p != null && !"unknown".equals(p.os()) && !out.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }

    private static boolean same(String a, String b) {
        return (a == null ? "" : a).equals(b == null ? "" : b);
    }

    /** containerd's platformVector: the platform and those it can run, best first. */
    private static List<Platform> vector(Platform p) {
        List<Platform> out = new ArrayList<>();
        String variant = p.variant() == null ? "" : p.variant();
        switch (p.architecture()) {
            case "amd64" -> {
                out.add(p);
                int version = versionOf(variant);
                for (int v = version - 1; version > 1 && v >= 1; v--) {
                    out.add(with(p, "amd64", "v" + v));
                }
                out.add(with(p, "386", null));
            }
            case "arm" -> {
                out.add(p);
                int version = versionOf(variant);
                for (int v = version - 1; version > 5 && v >= 5; v--) {
                    out.add(with(p, "arm", "v" + v));
                }
            }
            case "arm64" -> {
                String v = variant.isEmpty() ? "v8" : variant;
                int[][] versions = ARM64_VERSIONS.get(v);
                if (versions == null) {
                    out.add(p);
                } else {
                    for (int[] majorMinor : versions) {
                        for (int minor = majorMinor[1]; minor >= 0; minor--) {
                            out.add(with(p, "arm64", "v" + majorMinor[0] + (minor == 0 ? "" : "." + minor)));
                        }
                    }
                }
                out.addAll(vector(with(p, "arm", v.startsWith("v8") || v.startsWith("v9") ? "v8" : v)));
            }
            default -> out.add(p);
        }
        return out;
    }

    private static Platform with(Platform p, String architecture, String variant) {
        return new Platform(architecture, p.os(), p.osVersion(), p.osFeatures(), variant, Map.of());
    }

    private static int versionOf(String variant) {
        try {
            return Integer.parseInt(variant.startsWith("v") ? variant.substring(1) : variant);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
