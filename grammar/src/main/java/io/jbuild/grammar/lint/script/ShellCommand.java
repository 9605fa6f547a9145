package io.jbuild.grammar.lint.script;

import io.jbuild.grammar.source.SourceRange;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A simple command found in a shell script: its name and its argument words, with the helpers hadolint's
 * rules are written in (flags of {@code -abc} are {@code a}, {@code b}, {@code c}; of {@code --name=v} it
 * is {@code name}; {@code -} and {@code --} are not flags).
 */
public final class ShellCommand {

    private final ShellScript script;
    private final ShellWord name;
    private final List<ShellWord> arguments;
    private List<String> values; // the arguments' values, made at the first of the many rules that ask

    ShellCommand(ShellScript script, ShellWord name, List<ShellWord> arguments) {
        this.script = script;
        this.name = name;
        this.arguments = List.copyOf(arguments);
    }

    public String name() {
        return name.value();
    }

    /** The last path segment of the name: {@code /usr/bin/bash} is {@code bash}. */
    public String basename() {
        String n = name.value();
        return n.substring(n.lastIndexOf('/') + 1);
    }

    public ShellWord nameWord() {
        return name;
    }

    public List<ShellWord> argumentWords() {
        return arguments;
    }

    public List<String> arguments() {
        if (values == null) {
            List<String> v = new ArrayList<>(arguments.size());
            for (ShellWord w : arguments) {
                v.add(w.value());
            }
            values = List.copyOf(v);
        }
        return values;
    }

    public ShellScript script() {
        return script;
    }

    /** The command from its name to its last argument, in the file. */
    public SourceRange range() {
        int end = arguments.isEmpty() ? name.end() : arguments.get(arguments.size() - 1).end();
        return script.range(name.start(), end);
    }

    public SourceRange range(ShellWord word) {
        return script.range(word.start(), word.end());
    }

    /** hadolint's {@code cmdHasArgs}: named {@code command} and some argument is one of {@code anyOf}. */
    public boolean is(String command, String... anyOf) {
        if (!name().equals(command)) {
            return false;
        }
        if (anyOf.length == 0) {
            return true;
        }
        for (ShellWord w : arguments) {
            for (String a : anyOf) {
                if (w.value().equals(a)) {
                    return true;
                }
            }
        }
        return false;
    }

    public boolean hasArgument(String arg) {
        return arguments.stream().anyMatch(w -> w.value().equals(arg));
    }

    /** The flag names written in argument {@code word}, per hadolint's rules. */
    public static List<String> flagsOf(String word) {
        if (word.equals("--") || word.equals("-") || !word.startsWith("-")) {
            return List.of();
        }
        if (word.startsWith("--")) {
            int eq = word.indexOf('=');
            return List.of(eq < 0 ? word.substring(2) : word.substring(2, eq));
        }
        List<String> out = new ArrayList<>();
        word.substring(1).codePoints().forEach(c -> out.add(new String(Character.toChars(c))));
        return out;
    }

    public boolean hasFlag(String flag) {
        return countFlag(flag) > 0;
    }

    public int countFlag(String flag) {
        int n = 0;
        for (ShellWord w : arguments) {
            for (String f : flagsOf(w.value())) {
                if (f.equals(flag)) {
                    n++;
                }
            }
        }
        return n;
    }

    public boolean hasAnyFlag(String... flags) {
        for (String f : flags) {
            if (hasFlag(f)) {
                return true;
            }
        }
        return false;
    }

    /** Arguments that are not flags ({@code -} and {@code --} count as arguments). */
    public List<ShellWord> argumentsWithoutFlags() {
        return argumentsWithoutFlags(Set.of());
    }

    /**
     * Arguments that are not flags, also leaving out the value that follows each of {@code flagsWithValue}
     * when it is written as a separate word ({@code -t stable}, not {@code --target=stable}): hadolint's
     * {@code getArgsNoFlags . dropFlagArg}.
     */
    public List<ShellWord> argumentsWithoutFlags(Set<String> flagsWithValue) {
        Set<Integer> drop = new HashSet<>();
        for (int i = 0; i < arguments.size(); i++) {
            String v = arguments.get(i).value();
            List<String> fs = flagsOf(v);
            if (fs.isEmpty()) {
                continue;
            }
            drop.add(i);
            if (!v.contains("=") && fs.stream().anyMatch(flagsWithValue::contains) && i + 1 < arguments.size()) {
                drop.add(i + 1);
            }
        }
        List<ShellWord> out = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            if (!drop.contains(i)) {
                out.add(arguments.get(i));
            }
        }
        return out;
    }

    public static Set<String> set(String... values) {
        return Set.of(values);
    }

    /** The values given to {@code flag} as separate words: for {@code useradd -u 12345 x} and {@code u}, 12345. */
    public List<String> flagValues(String flag) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i + 1 < arguments.size(); i++) {
            if (flagsOf(arguments.get(i).value()).contains(flag)) {
                out.add(arguments.get(i + 1).value());
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return name() + (arguments.isEmpty() ? "" : " " + String.join(" ", arguments()));
    }
}
