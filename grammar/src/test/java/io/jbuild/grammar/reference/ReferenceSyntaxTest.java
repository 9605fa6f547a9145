package io.jbuild.grammar.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-written checks against distribution's reference grammar written as regular expressions (as
 * ImageReference had them): the same verdict on hand-picked edge cases and on many random strings made of the
 * characters that matter.
 */
class ReferenceSyntaxTest {

    private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final Pattern REPOSITORY = Pattern.compile(PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*");
    private static final Pattern REGISTRY = Pattern.compile(
            "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern TAG_CHARACTERS = Pattern.compile("[\\w][\\w.-]*");
    private static final Pattern DIGEST = Pattern.compile(
            "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}");
    private static final Pattern IMAGE_ID = Pattern.compile("[a-f0-9]{64}");

    private static final String HEX64 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @Test
    void edgeCasesGetThePatternsVerdicts() {
        same(REPOSITORY, ReferenceSyntax::repository, "", "a", "a/b", "a//b", "/a", "a/", "a.b", "a..b", "a_b",
                "a__b", "a___b", "a-b", "a---b", "a._b", "a_-b", "-a", "a-", "_a", "a_", ".a", "a.", "A", "a/B",
                "library/nginx", "a0/9z-x__y.z");
        same(REGISTRY, ReferenceSyntax::registry, "", "a", "a.b", "a..b", ".a", "a.", "a-b", "-a", "a-", "a:1",
                "a:", ":1", "a:b", "a:1:2", "[::1]", "[::1]:5000", "[]", "[::1", "[::1]x", "[::g]", "[::1]:",
                "localhost:5000", "127.0.0.1:5000", "Reg-1.Example.COM:443", "a.b:1.0", "a_b");
        same(TAG, ReferenceSyntax::tag, "", "a", "_", ".a", "-a", "a.b-c_d", "a:b", "a".repeat(128),
                "a".repeat(129), "1.0");
        same(TAG_CHARACTERS, ReferenceSyntax::tagCharacters, "", "a", "a".repeat(200), "a b", ".a");
        same(DIGEST, ReferenceSyntax::digest, "", "sha256:" + HEX64, "sha256:" + HEX64.substring(0, 31),
                "sha256:" + HEX64.substring(0, 32), "sha256:" + HEX64.toUpperCase(), "sha256:" + HEX64 + "g",
                "sha256+b64u:" + HEX64, "sha-256:" + HEX64, "sha-:" + HEX64, "-sha:" + HEX64, "1sha:" + HEX64,
                "sha--x:" + HEX64, "s:" + HEX64, ":" + HEX64, "sha256" + HEX64, "a.b_c+d-e:" + HEX64,
                "sha256::" + HEX64, "sha256:" + HEX64 + ":");
        same(IMAGE_ID, s -> ReferenceSyntax.lowerHex(s, 64), "", HEX64, HEX64.toUpperCase(), HEX64 + "0",
                HEX64.substring(1), HEX64.substring(1) + "g");
    }

    @Test
    void randomStringsGetThePatternsVerdicts() {
        Random random = new Random(20261207);
        List<String> alphabets = List.of("ab0-._/", "aZ9-.:[]", "a_-.", "af09:", "sS2+-_.:0a", "ab-_.:/@");
        int accepted = 0;
        for (int i = 0; i < 200_000; i++) {
            String alphabet = alphabets.get(i % alphabets.size());
            StringBuilder b = new StringBuilder();
            int n = random.nextInt(i % 50 == 0 ? 140 : 12);
            for (int j = 0; j < n; j++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String s = b.toString();
            if (i % 7 == 0) {
                s = s + ":" + HEX64.substring(random.nextInt(40));
            }
            same(REPOSITORY, ReferenceSyntax::repository, s);
            same(REGISTRY, ReferenceSyntax::registry, s);
            same(TAG, ReferenceSyntax::tag, s);
            same(TAG_CHARACTERS, ReferenceSyntax::tagCharacters, s);
            same(DIGEST, ReferenceSyntax::digest, s);
            if (REPOSITORY.matcher(s).matches() || REGISTRY.matcher(s).matches() || DIGEST.matcher(s).matches()) {
                accepted++;
            }
        }
        // The strings must exercise both verdicts, or the comparison says little.
        assertThat(accepted).isBetween(10_000, 150_000);
    }

    private static void same(Pattern pattern, Predicate<String> check, String... inputs) {
        for (String s : inputs) {
            assertThat(check.test(s)).as("%s on \"%s\"", pattern.pattern(), s).isEqualTo(pattern.matcher(s).matches());
        }
    }
}
