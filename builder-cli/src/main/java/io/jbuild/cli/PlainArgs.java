package io.jbuild.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A command line read without picocli, for short commands whose whole run is shorter than picocli's model of them
 * (reading a command's annotations is 60-90 ms of CPU of a 0.3 s re-push). It reads only the plain forms: flags,
 * {@code --name VALUE} and {@code --name=VALUE}, positionals, in any order. Anything else (help, {@code --}, an
 * {@code @file}, clustered short flags, a repeated option, a value that looks like an option, an unknown option)
 * gives empty, and picocli reads the line instead and answers as it always did.
 *
 * @param flags       the flags given, by the names the command declared them with (all of a flag's names map to
 *                    its first)
 * @param values      each single-valued option given, by its first name
 * @param lists       each repeatable option's values, by its first name
 * @param positionals the positional arguments, in order
 */
public record PlainArgs(Set<String> flags, Map<String, String> values, Map<String, List<String>> lists,
                        List<String> positionals) {

    /**
     * What a command accepts: its names for flags, single-valued and repeatable options (first name first), and
     * whether {@code -} alone is a positional (standard input, as lint takes it) rather than left to picocli.
     */
    public record Grammar(List<List<String>> flags, List<List<String>> single, List<List<String>> repeatable,
                          boolean dashIsPositional) {
        public Grammar(List<List<String>> flags, List<List<String>> single, List<List<String>> repeatable) {
            this(flags, single, repeatable, false);
        }
    }

    /** {@code args} after the command's name (args[0]), by {@code grammar}; empty when picocli should read them. */
    public static Optional<PlainArgs> parse(Grammar grammar, String... args) {
        Map<String, String> flagNames = firstNames(grammar.flags());
        Map<String, String> singleNames = firstNames(grammar.single());
        Map<String, String> listNames = firstNames(grammar.repeatable());
        Set<String> flags = new HashSet<>();
        Map<String, String> values = new HashMap<>();
        Map<String, List<String>> lists = new HashMap<>();
        List<String> positionals = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-") && grammar.dashIsPositional() || !a.startsWith("-") && !a.startsWith("@")) {
                positionals.add(a);
                continue;
            }
            if (flagNames.containsKey(a)) {
                if (!flags.add(flagNames.get(a))) {
                    return Optional.empty(); // picocli refuses a repeated flag
                }
                continue;
            }
            int eq = a.indexOf('=');
            String name = eq < 0 ? a : a.substring(0, eq);
            String first = singleNames.containsKey(name) ? singleNames.get(name) : listNames.get(name);
            if (first == null) {
                return Optional.empty();
            }
            String value;
            if (eq >= 0) {
                value = a.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                return Optional.empty();
            }
            if (value.isEmpty() || value.startsWith("-") || value.startsWith("@")) {
                return Optional.empty();
            }
            if (singleNames.containsKey(name)) {
                if (values.put(first, value) != null) {
                    return Optional.empty(); // given twice: picocli's error
                }
            } else {
                // (no lambda: a build reads its command line while the warm-up sets up java.lang.invoke)
                List<String> list = lists.get(first);
                if (list == null) {
                    list = new ArrayList<>();
                    lists.put(first, list);
                }
                list.add(value);
            }
        }
        return Optional.of(new PlainArgs(flags, values, lists, positionals));
    }

    private static Map<String, String> firstNames(List<List<String>> options) {
        Map<String, String> out = new HashMap<>();
        for (List<String> names : options) {
            for (String n : names) {
                out.put(n, names.get(0));
            }
        }
        return out;
    }

    public boolean flag(String name) {
        return flags.contains(name);
    }

    /** The option's value, or null when not given. */
    public String value(String name) {
        return values.get(name);
    }

    /** The repeatable option's values, in order; empty when not given. */
    public List<String> list(String name) {
        return lists.getOrDefault(name, List.of());
    }

    /**
     * The option's value as a path, or null when not given.
     *
     * @throws InvalidPathException when it is no path (the caller leaves the line to picocli, which says why)
     */
    public Path path(String name) {
        String v = values.get(name);
        return v == null ? null : Path.of(v);
    }
}
