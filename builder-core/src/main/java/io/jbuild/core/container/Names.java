package io.jbuild.core.container;

import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/** Container names: the user's, checked as docker checks them, or a generated {@code adjective_surname}. */
final class Names {

    /** docker's rule for a name. */
    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    private static final List<String> ADJECTIVES = List.of(
            "amber", "brave", "calm", "clever", "crisp", "daring", "eager", "fancy", "gentle", "glad", "golden",
            "happy", "humble", "jolly", "keen", "kind", "lively", "lucid", "merry", "mellow", "nimble", "noble",
            "patient", "plucky", "proud", "quiet", "rapid", "serene", "sharp", "shy", "silent", "steady", "sunny",
            "swift", "tidy", "upbeat", "vivid", "warm", "witty", "zesty");

    /** Surnames of scientists and engineers. */
    private static final List<String> SURNAMES = List.of(
            "agnesi", "babbage", "bohr", "boole", "cantor", "curie", "darwin", "dijkstra", "euler", "faraday",
            "fermi", "feynman", "galois", "gauss", "hamilton", "hopper", "huygens", "kepler", "knuth", "lamarr",
            "leibniz", "lovelace", "maxwell", "meitner", "mendel", "noether", "pascal", "planck", "ramanujan",
            "riemann", "ritchie", "shannon", "somerville", "thompson", "turing", "volta", "wirth", "yalow");

    private Names() {
    }

    /** Throws docker's message if {@code name} is not a valid container name. */
    static void check(String name) throws ContainerException {
        if (!VALID.matcher(name).matches()) {
            throw new ContainerException("Invalid container name (" + name + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are"
                    + " allowed");
        }
    }

    /** A name none of {@code taken} has; a digit is added once the plain ones run short. */
    static String generate(Set<String> taken, RandomGenerator random) {
        for (int attempt = 0; ; attempt++) {
            String name = ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + "_"
                    + SURNAMES.get(random.nextInt(SURNAMES.size())) + (attempt < 10 ? "" : random.nextInt(10));
            if (!taken.contains(name)) {
                return name;
            }
        }
    }
}
