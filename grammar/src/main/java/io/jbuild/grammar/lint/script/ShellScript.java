package io.jbuild.grammar.lint.script;

import io.jbuild.grammar.lint.LogicalText;
import io.jbuild.grammar.source.SourceRange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A shell script read well enough to find its commands: simple commands through {@code &&}, {@code ||},
 * {@code ;}, pipes, subshells, command substitutions, {@code if}/{@code for}/{@code while}/{@code case},
 * quotes, escapes, line continuations and here-documents. Not a full shell parser: it never fails, it finds
 * commands.
 */
public final class ShellScript {

    private final String text;
    private final LogicalText source;
    final List<ShellCommand> commands = new ArrayList<>();
    int pipes;
    /** Heredoc delimiter → the name of the command it feeds ("" for a bare {@code <<EOF}). */
    final Map<String, String> heredocCommands = new LinkedHashMap<>();

    private ShellScript(String text, LogicalText source) {
        this.text = text;
        this.source = source;
    }

    /** Reads {@code text}; {@code source} maps its offsets to the file. */
    public static ShellScript parse(String text, LogicalText source) {
        ShellScript script = new ShellScript(text, source);
        new ShellParser(script, text, 0, text.length()).parse();
        return script;
    }

    /** A script of one command with the given words (an exec-form RUN); all ranges are {@code at}. */
    public static ShellScript ofWords(List<String> words, SourceRange at) {
        String joined = String.join(" ", words);
        ShellScript script = new ShellScript(joined, LogicalText.detached(joined, at));
        if (!words.isEmpty()) {
            List<ShellWord> ws = new ArrayList<>();
            int offset = 0;
            for (String w : words) {
                ws.add(new ShellWord(w, offset, offset + w.length()));
                offset += w.length() + 1;
            }
            script.commands.add(new ShellCommand(script, ws.get(0), ws.subList(1, ws.size())));
        }
        return script;
    }

    public String text() {
        return text;
    }

    /** The simple commands in the order they appear (a command before those substituted into its words). */
    public List<ShellCommand> commands() {
        return List.copyOf(commands);
    }

    public boolean hasPipes() {
        return pipes > 0;
    }

    /** The name of the command that a here-document with this delimiter feeds; "" for a bare redirection. */
    public Optional<String> heredocCommand(String delimiter) {
        return Optional.ofNullable(heredocCommands.get(delimiter));
    }

    public SourceRange range(int from, int to) {
        return source.range(from, to);
    }
}
