package io.jbuild.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbuild.grammar.reference.Digest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Platform parsing, normalization and selection, after containerd's platforms package. */
class PlatformTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # specifier        | parsed            | normalized
            linux/amd64        | linux/amd64       | linux/amd64
            linux/x86_64       | linux/amd64       | linux/amd64
            Linux/AMD64        | linux/amd64       | linux/amd64
            linux/amd64/v1     | linux/amd64       | linux/amd64
            linux/amd64/v3     | linux/amd64/v3    | linux/amd64/v3
            linux/aarch64      | linux/arm64       | linux/arm64
            linux/arm64        | linux/arm64       | linux/arm64
            linux/arm64/v8     | linux/arm64/v8    | linux/arm64
            linux/arm64/8      | linux/arm64/v8    | linux/arm64
            linux/arm64/v9.0   | linux/arm64/v9    | linux/arm64/v9
            linux/arm          | linux/arm         | linux/arm/v7
            linux/arm/7        | linux/arm/v7      | linux/arm/v7
            linux/arm/v6       | linux/arm/v6      | linux/arm/v6
            linux/armhf        | linux/arm         | linux/arm/v7
            linux/armel        | linux/arm/v6      | linux/arm/v6
            linux/i386         | linux/386         | linux/386
            linux/s390x        | linux/s390x       | linux/s390x
            macos/arm64        | darwin/arm64      | darwin/arm64
            """)
    void parsesAndNormalizes(String specifier, String parsed, String normalized) {
        Platform p = Platform.parse(specifier);
        assertThat(p.format()).isEqualTo(parsed);
        assertThat(p.normalize().format()).isEqualTo(normalized);
    }

    @Test
    void osVersionAndFeatures() {
        Platform p = Platform.parse("windows(10.0.17763+win32k+a%2Bb)/amd64");
        assertThat(p.os()).isEqualTo("windows");
        assertThat(p.osVersion()).isEqualTo("10.0.17763");
        assertThat(p.osFeatures()).containsExactly("win32k", "a+b");
    }

    @Test
    void singleComponentIsOsOrArchitecture() {
        Platform host = Platform.host();
        assertThat(Platform.parse("linux").architecture()).isEqualTo(host.architecture());
        assertThat(Platform.parse("arm64").os()).isEqualTo(host.os());
        assertThat(Platform.parse("arm64").architecture()).isEqualTo("arm64");
    }

    @Test
    void invalidSpecifiersNameTheProblem() {
        assertThatThrownBy(() -> Platform.parse("linux/*"))
                .hasMessage("invalid platform \"linux/*\": wildcards are not supported");
        assertThatThrownBy(() -> Platform.parse("linux/arm/v7/extra"))
                .hasMessage("invalid platform \"linux/arm/v7/extra\": expected os[/arch[/variant]]");
        assertThatThrownBy(() -> Platform.parse("linux/am d64"))
                .hasMessage("invalid platform \"linux/am d64\": invalid component \"am d64\"");
        assertThatThrownBy(() -> Platform.parse("nonsense"))
                .hasMessage("invalid platform \"nonsense\": unknown operating system or architecture");
        assertThatThrownBy(() -> Platform.parse("/amd64"))
                .hasMessage("invalid platform \"/amd64\": invalid OS component \"\"");
        assertThatThrownBy(() -> Platform.parse("linux/"))
                .hasMessage("invalid platform \"linux/\": invalid component \"\"");
        // The OS component is name[(version[+feature]...)]: anything else is refused whole.
        for (String os : List.of("lin.ux", "(10.0)", "windows(10.0", "windows(10.0)x", "windows(10 0)",
                "windows(10.0+)", "windows(10.0++a)", "windows(10.0+a b)", "windows(a(b))", "windows)")) {
            assertThatThrownBy(() -> Platform.parse(os + "/amd64"))
                    .hasMessage("invalid platform \"" + os + "/amd64\": invalid OS component \"" + os + "\"");
        }
        assertThat(Platform.parse("windows()/amd64").osVersion()).isNull();
        assertThat(Platform.parse("windows(+a+b_c)/amd64").osFeatures()).containsExactly("a", "b_c");
        assertThat(Platform.parse("windows(1%2E0)/amd64").osVersion()).isEqualTo("1.0");
    }

    private static ImageIndex index(String... platforms) {
        List<Descriptor> manifests = new ArrayList<>();
        for (int i = 0; i < platforms.length; i++) {
            Descriptor d = Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256(String.format("%064x", i + 1)), 100);
            manifests.add(platforms[i].equals("-") ? d : d.withPlatform(Platform.parse(platforms[i])));
        }
        return ImageIndex.oci(manifests);
    }

    private static String pick(String wanted, ImageIndex index) {
        Descriptor d = PlatformMatcher.of(Platform.parse(wanted)).select(index);
        return d.platform().format();
    }

    @Test
    void exactMatchWins() {
        ImageIndex idx = index("linux/386", "linux/amd64", "linux/arm64/v8", "linux/arm/v7", "linux/arm/v6");
        assertThat(pick("linux/amd64", idx)).isEqualTo("linux/amd64");
        assertThat(pick("linux/arm64", idx)).isEqualTo("linux/arm64/v8");
        assertThat(pick("linux/aarch64", idx)).isEqualTo("linux/arm64/v8");
        assertThat(pick("linux/arm/v7", idx)).isEqualTo("linux/arm/v7");
        assertThat(pick("linux/arm", idx)).isEqualTo("linux/arm/v7");
        assertThat(pick("linux/armel", idx)).isEqualTo("linux/arm/v6");
    }

    @Test
    void compatiblePlatformsInOrderOfPreference() {
        assertThat(pick("linux/amd64", index("linux/386", "linux/arm64"))).isEqualTo("linux/386");
        assertThat(pick("linux/amd64/v3", index("linux/amd64", "linux/amd64/v2"))).isEqualTo("linux/amd64/v2");
        assertThat(pick("linux/amd64/v3", index("linux/386", "linux/amd64"))).isEqualTo("linux/amd64");
        assertThat(pick("linux/arm64", index("linux/arm/v6", "linux/arm/v7"))).isEqualTo("linux/arm/v7");
        assertThat(pick("linux/arm64/v8.2", index("linux/arm64/v8", "linux/arm64/v8.1"))).isEqualTo("linux/arm64/v8.1");
        assertThat(pick("linux/arm64/v9", index("linux/arm64", "linux/arm/v7"))).isEqualTo("linux/arm64");
        assertThat(pick("linux/arm/v7", index("linux/arm/v5", "linux/arm/v6"))).isEqualTo("linux/arm/v6");
        assertThat(PlatformMatcher.of(Platform.parse("linux/arm/v6")).matches(Platform.parse("linux/arm/v7"))).isFalse();
        assertThat(PlatformMatcher.of(Platform.parse("linux/386")).matches(Platform.parse("linux/amd64"))).isFalse();
    }

    @Test
    void firstOfEqualCandidatesAndEntriesWithoutPlatformSkipped() {
        ImageIndex idx = index("-", "linux/amd64", "linux/amd64");
        Descriptor d = PlatformMatcher.of(Platform.parse("linux/amd64")).select(idx);
        assertThat(d).isEqualTo(idx.manifests().get(1));
    }

    @Test
    void osFeaturesMustBeSupported() {
        ImageIndex idx = index("windows(10.0+win32k)/amd64", "windows/amd64");
        PlatformMatcher plain = PlatformMatcher.of(Platform.parse("windows/amd64"));
        assertThat(plain.select(idx)).isEqualTo(idx.manifests().get(1));
        PlatformMatcher withFeature = PlatformMatcher.of(Platform.parse("windows(10.0+win32k)/amd64"));
        assertThat(withFeature.select(idx)).isEqualTo(idx.manifests().get(0));
    }

    @Test
    void noMatchListsWhatIsAvailable() {
        ImageIndex idx = index("linux/amd64", "linux/arm64/v8", "-");
        Descriptor attestation = Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256("f".repeat(64)), 1)
                .withPlatform(Platform.of("unknown", "unknown", null));
        List<Descriptor> all = new ArrayList<>(idx.manifests());
        all.add(attestation);
        ImageIndex withAttestation = idx.withManifests(all);
        assertThatThrownBy(() -> PlatformMatcher.of(Platform.parse("linux/s390x")).select(withAttestation))
                .isInstanceOf(NoMatchingPlatformException.class)
                .hasMessage("no matching manifest for linux/s390x in the manifest list entries; "
                        + "available: linux/amd64, linux/arm64/v8");
        assertThatThrownBy(() -> PlatformMatcher.of(Platform.parse("linux/amd64")).select(ImageIndex.oci(List.of())))
                .hasMessageEndingWith("available: none");
    }

    @Test
    void hostMatcherPicksTheHostPlatform() {
        Platform host = Platform.host();
        ImageIndex idx = index("linux/s390x", host.format(), "linux/ppc64le");
        assertThat(PlatformMatcher.host().select(idx)).isEqualTo(idx.manifests().get(1));
    }
}
