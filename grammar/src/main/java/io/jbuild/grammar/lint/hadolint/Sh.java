package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.ast.RunMount;
import io.jbuild.grammar.lint.script.RunScript;
import io.jbuild.grammar.lint.script.ShellCommand;
import io.jbuild.grammar.lint.script.ShellWord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** Helpers over RUN scripts and instruction words that several hadolint rules share. */
final class Sh {

    static final List<String> ARCHIVE_EXTENSIONS = List.of(".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2",
            ".tbz", ".tbz2", ".tgz", ".tlz", ".tpz", ".txz", ".xz");

    private Sh() {
    }

    /** The first command that {@code test} accepts. */
    static Optional<ShellCommand> first(RunScript script, Predicate<ShellCommand> test) {
        return script.commands().stream().filter(test).findFirst();
    }

    /** Index of the first command that {@code test} accepts, -1 if none (hadolint's findCommandIndex). */
    static int indexOf(RunScript script, Predicate<ShellCommand> test) {
        List<ShellCommand> cmds = script.commands();
        for (int i = 0; i < cmds.size(); i++) {
            if (test.test(cmds.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** True when a command accepted by {@code first} comes before one accepted by {@code then}. */
    static boolean before(RunScript script, Predicate<ShellCommand> first, Predicate<ShellCommand> then) {
        int a = indexOf(script, first);
        int b = indexOf(script, then);
        return a >= 0 && b >= 0 && a < b;
    }

    /** Words after the first {@code install} (hadolint's stripInstallPrefix over non-flag arguments). */
    static List<ShellWord> afterWord(List<ShellWord> words, String word) {
        int i = 0;
        while (i < words.size() && !words.get(i).value().equals(word)) {
            i++;
        }
        while (i < words.size() && words.get(i).value().equals(word)) {
            i++;
        }
        return words.subList(i, words.size());
    }

    /** Quotes around the whole text removed (hadolint's dropQuotes). */
    static String dropQuotes(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && (s.charAt(a) == '"' || s.charAt(a) == '\'')) {
            a++;
        }
        while (b > a && (s.charAt(b - 1) == '"' || s.charAt(b - 1) == '\'')) {
            b--;
        }
        return s.substring(a, b);
    }

    static boolean isArchive(String path) {
        String p = dropQuotes(path);
        return ARCHIVE_EXTENSIONS.stream().anyMatch(p::endsWith);
    }

    static String basename(String path) {
        String p = dropQuotes(path);
        int i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
        return p.substring(i + 1);
    }

    static boolean isWindowsAbsolute(String p) {
        return p.length() >= 2 && Character.isLetter(p.charAt(0)) && p.charAt(1) == ':';
    }

    /** A {@code --mount} of type cache or tmpfs whose target contains {@code fragment}. */
    static boolean cacheOrTmpfsMount(Instruction.Run run, String fragment) {
        for (String m : run.mounts()) {
            String type = RunMount.type(m);
            String target = RunMount.target(m).orElse("");
            if ((type.equals("cache") || type.equals("tmpfs")) && target.contains(fragment)) {
                return true;
            }
        }
        return false;
    }

    /** The {@code from=} of each {@code --mount} that has one (cache and bind mounts read from an image or stage). */
    static List<String> mountSources(Instruction.Run run) {
        List<String> out = new ArrayList<>();
        for (String m : run.mounts()) {
            RunMount.from(m).ifPresent(out::add);
        }
        return out;
    }

    static final Set<String> TRUTHY = Set.of("1", "true", "True", "TRUE", "on", "On", "ON", "yes", "Yes", "YES");
}
