package io.jbuild.grammar.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** docker's reference grammar and normalization (distribution/reference), as tables. */
class ImageReferenceTest {

    private static final String HEX = "a".repeat(32) + "0123456789abcdef0123456789abcdef";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # input                                 | canonical                                      | familiar
            nginx                                   | docker.io/library/nginx:latest                 | nginx:latest
            nginx:1.25                              | docker.io/library/nginx:1.25                   | nginx:1.25
            ubuntu:18.04                            | docker.io/library/ubuntu:18.04                 | ubuntu:18.04
            erectbranch/nginx:1                     | docker.io/erectbranch/nginx:1                  | erectbranch/nginx:1
            docker/whalesay                         | docker.io/docker/whalesay:latest               | docker/whalesay:latest
            docker.io/whalesay                      | docker.io/library/whalesay:latest              | whalesay:latest
            docker.io/library/hello:1.0             | docker.io/library/hello:1.0                    | hello:1.0
            index.docker.io/foo/bar                 | docker.io/foo/bar:latest                       | foo/bar:latest
            docker.io/library/a/b                   | docker.io/library/a/b:latest                   | library/a/b:latest
            localhost/foo                           | localhost/foo:latest                           | localhost/foo:latest
            localhost:5000/foo/bar:v1               | localhost:5000/foo/bar:v1                      | localhost:5000/foo/bar:v1
            localhost:5000                          | docker.io/library/localhost:5000               | localhost:5000
            registry.example.com:443/a/b/c:T_a.g-1  | registry.example.com:443/a/b/c:T_a.g-1         | registry.example.com:443/a/b/c:T_a.g-1
            Foo/bar                                 | Foo/bar:latest                                 | Foo/bar:latest
            [::1]:5000/foo:bar                      | [::1]:5000/foo:bar                             | [::1]:5000/foo:bar
            a-b__c---e/f_g.h:1                      | docker.io/a-b__c---e/f_g.h:1                   | a-b__c---e/f_g.h:1
            a-b__c.d---e/f                          | a-b__c.d---e/f                                 | invalid
            ghcr.io/owner/app                       | ghcr.io/owner/app:latest                       | ghcr.io/owner/app:latest
            """)
    void normalizes(String input, String canonical, String familiar) {
        if (familiar.equals("invalid")) {
            // A dot makes the first component a registry host, and hosts cannot have '_' (as in docker).
            assertThatThrownBy(() -> ImageReference.parse(input)).hasMessageContaining("invalid registry host");
            return;
        }
        ImageReference ref = ImageReference.parse(input);
        assertThat(ref.toString()).isEqualTo(canonical);
        assertThat(ref.familiarName()).isEqualTo(familiar);
        assertThat(ImageReference.parse(ref.toString())).isEqualTo(ref);
        assertThat(ImageReference.parse(ref.familiarName())).isEqualTo(ref);
    }

    @Test
    void partsOfAReference() {
        ImageReference ref = ImageReference.parse("localhost:5000/team/app:2.0");
        assertThat(ref.registry()).isEqualTo("localhost:5000");
        assertThat(ref.repository()).isEqualTo("team/app");
        assertThat(ref.tag()).isEqualTo("2.0");
        assertThat(ref.digest()).isNull();
        assertThat(ref.name()).isEqualTo("localhost:5000/team/app");
        assertThat(ref.familiarRepository()).isEqualTo("localhost:5000/team/app");
        assertThat(ImageReference.parse("nginx").familiarRepository()).isEqualTo("nginx");
    }

    @Test
    void digestsAndTagsWithDigests() {
        String digest = "sha256:" + HEX;
        ImageReference byDigest = ImageReference.parse("nginx@" + digest);
        assertThat(byDigest.tag()).as("no default tag when a digest is given").isNull();
        assertThat(byDigest.digest()).isEqualTo(Digest.parse(digest));
        assertThat(byDigest.toString()).isEqualTo("docker.io/library/nginx@" + digest);
        assertThat(byDigest.familiarName()).isEqualTo("nginx@" + digest);

        ImageReference both = ImageReference.parse("localhost:5000/app:1@" + digest);
        assertThat(both.tag()).isEqualTo("1");
        assertThat(both.digest().toString()).isEqualTo(digest);
        assertThat(both.toString()).isEqualTo("localhost:5000/app:1@" + digest);
    }

    @Test
    void exactParsingLeavesTheTagOut() {
        assertThat(ImageReference.parseExact("nginx").tag()).isNull();
        assertThat(ImageReference.parseExact("nginx").toString()).isEqualTo("docker.io/library/nginx");
        assertThat(ImageReference.parseExact("nginx:1").tag()).isEqualTo("1");
    }

    @Test
    void longestTagIsAccepted() {
        String tag = "t".repeat(128);
        assertThat(ImageReference.parse("nginx:" + tag).tag()).isEqualTo(tag);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            # input                     | message
            ``                          | invalid reference format: repository name must have at least one component: ""
            Foo                         | invalid reference format: repository name must be lowercase: "Foo"
            UPPER:tag                   | invalid reference format: repository name must be lowercase: "UPPER"
            docker.io/Foo/bar           | invalid reference format: repository name must be lowercase: "Foo/bar"
            localhost:5000/App          | invalid reference format: repository name must be lowercase: "App"
            nginx:                      | invalid reference format: invalid tag: ""
            nginx:-1                    | invalid reference format: invalid tag: "-1"
            nginx:a+b                   | invalid reference format: invalid tag: "a+b"
            nginx:1:2                   | invalid reference format: invalid repository name: "nginx:1"
            :tag                        | invalid reference format: repository name must have at least one component: ":tag"
            a//b                        | invalid reference format: invalid repository name: "a//b"
            foo/                        | invalid reference format: invalid repository name: "foo/"
            -nginx                      | invalid reference format: invalid repository name: "-nginx"
            nginx-                      | invalid reference format: invalid repository name: "nginx-"
            a..b                        | invalid reference format: invalid repository name: "a..b"
            my_host.com/foo             | invalid reference format: invalid registry host: "my_host.com"
            -host.com/foo               | invalid reference format: invalid registry host: "-host.com"
            host:port/foo               | invalid reference format: invalid registry host: "host:port"
            nginx@sha256:abc            | invalid reference format: invalid digest: "sha256:abc"
            nginx@                      | invalid reference format: invalid digest: ""
            `nginx@sha256:ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789` | invalid reference format: invalid digest: "sha256:ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789"
            nginx@md5:0123456789abcdef0123456789abcdef | invalid reference format: invalid digest: "md5:0123456789abcdef0123456789abcdef"
            0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef | invalid reference format: cannot specify 64-byte hexadecimal strings as a repository name: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
            a b                         | invalid reference format: invalid repository name: "a b"
            """)
    void rejectsWithTheOffendingValue(String input, String message) {
        assertThatThrownBy(() -> ImageReference.parse(input))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessage(message);
    }

    @Test
    void rejectsOverlongNames() {
        String longTag = "t".repeat(129);
        assertThatThrownBy(() -> ImageReference.parse("nginx:" + longTag))
                .hasMessage("invalid reference format: tag must not be more than 128 characters: \"" + longTag + "\"");
        String longName = "a".repeat(120) + "/" + "b".repeat(135);
        assertThatThrownBy(() -> ImageReference.parse(longName))
                .hasMessage("invalid reference format: repository name must not be more than 255 characters: \""
                        + longName + "\"");
        String fits = "a".repeat(120) + "/" + "b".repeat(134);
        assertThat(ImageReference.parse(fits).repository()).hasSize(255);
    }

    @Test
    void exceptionKeepsTheInput() {
        assertThatThrownBy(() -> ImageReference.parse("x/Y:1"))
                .isInstanceOfSatisfying(InvalidReferenceException.class, e -> assertThat(e.input()).isEqualTo("x/Y:1"));
    }

    @Test
    void constructorValidatesParts() {
        assertThat(new ImageReference("docker.io", "library/a", "1", null).familiarName()).isEqualTo("a:1");
        assertThatThrownBy(() -> new ImageReference("docker.io", "Library/a", null, null))
                .hasMessage("invalid reference format: invalid repository name: \"Library/a\"");
        assertThatThrownBy(() -> new ImageReference("docker.io", "a", "-x", null))
                .hasMessage("invalid reference format: invalid tag: \"-x\"");
    }

    @Test
    void withersKeepTheRest() {
        ImageReference ref = ImageReference.parse("erectbranch/nginx:1");
        assertThat(ref.withTag("2").toString()).isEqualTo("docker.io/erectbranch/nginx:2");
        assertThat(ref.repositoryOnly().toString()).isEqualTo("docker.io/erectbranch/nginx");
        assertThat(ref.withDigest(Digest.of(new byte[0])).familiarName())
                .isEqualTo("erectbranch/nginx:1@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(ImageReference.isImageId("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")).isTrue();
        assertThat(ImageReference.isImageId("nginx")).isFalse();
    }
}
