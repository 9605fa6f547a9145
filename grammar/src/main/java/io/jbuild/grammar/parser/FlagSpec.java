package io.jbuild.grammar.parser;

import io.jbuild.grammar.ast.Flag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import io.jbuild.grammar.source.Suggest;

/**
 * The flags one instruction accepts and their types, and the checks of the flags written (BuildKit's rules:
 * unknown names, duplicates, missing values, booleans that are not true/false).
 */
final class FlagSpec {

    enum Type { BOOL, STRING, STRINGS }

    static final class FlagException extends Exception {
        private final Flag flag;

        FlagException(String message, Flag flag) {
            super(message);
            this.flag = flag;
        }

        Flag flag() {
            return flag;
        }
    }

    /** The checked values: last value for strings, all values for lists, presence and value for booleans. */
    static final class Values {
        private final Map<String, List<String>> values = new HashMap<>();

        Optional<String> string(String name) {
            List<String> v = values.get(name);
            return v == null ? Optional.empty() : Optional.of(v.get(v.size() - 1));
        }

        List<String> strings(String name) {
            return values.getOrDefault(name, List.of());
        }

        boolean isTrue(String name) {
            return string(name).map("true"::equals).orElse(false);
        }

        /** Present only when the flag was written. */
        Optional<Boolean> bool(String name) {
            return string(name).map("true"::equals);
        }
    }

    private final Map<String, Type> accepted = new LinkedHashMap<>();

    static FlagSpec none() {
        return new FlagSpec();
    }

    FlagSpec with(String name, Type type) {
        accepted.put(name, type);
        return this;
    }

    Values check(List<Flag> flags) throws FlagException {
        Values out = new Values();
        for (Flag flag : flags) {
            String written = "--" + flag.name();
            Type type = accepted.get(flag.name());
            if (type == null) {
                throw new FlagException("unknown flag: " + written + suggestion(flag.name()), flag);
            }
            if (out.values.containsKey(flag.name()) && type != Type.STRINGS) {
                throw new FlagException("duplicate flag specified: " + written, flag);
            }
            String value;
            switch (type) {
                case BOOL -> {
                    if (flag.value().isPresent() && flag.value().get().isEmpty()) {
                        throw new FlagException("missing a value on flag: " + written, flag);
                    }
                    String v = flag.value().orElse("").toLowerCase(Locale.ROOT);
                    if (!v.isEmpty() && !v.equals("true") && !v.equals("false")) {
                        throw new FlagException("expecting boolean value for flag " + written + ", not: "
                                + flag.value().get(), flag);
                    }
                    value = v.equals("false") ? "false" : "true";
                }
                default -> value = flag.value()
                        .orElseThrow(() -> new FlagException("missing a value on flag: " + written, flag));
            }
            out.values.computeIfAbsent(flag.name(), k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    /** " (did you mean --x?)" when an accepted flag is near, by BuildKit's rule. */
    private String suggestion(String name) {
        return Suggest.search(name, accepted.keySet(), true).map(s -> " (did you mean --" + s + "?)").orElse("");
    }
}
