package io.jbuild.grammar.lint.script;

import io.jbuild.grammar.ast.CommandLine;
import io.jbuild.grammar.ast.Heredoc;
import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.LogicalText;
import io.jbuild.grammar.source.SourceRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a RUN instruction runs, as shell: the shell-form command line, the here-documents that the shell
 * runs as scripts ({@code RUN <<EOF} or {@code RUN bash <<EOF}, unless a shebang names another interpreter),
 * or the exec-form words (and the script of {@code ["sh", "-c", "..."]}).
 */
public final class RunScript {

    private static final Set<String> SHELLS = Set.of("sh", "bash", "ash", "dash", "zsh", "ksh", "mksh");

    private final List<ShellScript> scripts;
    private final List<ShellCommand> commands;
    private final boolean shellForm;
    private final boolean pipes;
    private String text; // made at the first rule that asks

    private RunScript(List<ShellScript> scripts, boolean shellForm, boolean pipes) {
        this.scripts = List.copyOf(scripts);
        List<ShellCommand> all = new ArrayList<>();
        scripts.forEach(s -> all.addAll(s.commands));
        this.commands = List.copyOf(all);
        this.shellForm = shellForm;
        this.pipes = pipes;
    }

    /**
     * Reads {@code run}. {@code line} is the instruction's logical text and {@code scriptStart} the offset in it
     * where the shell-form command starts (-1 when unknown: ranges then cover {@code fallback}).
     */
    public static RunScript of(Instruction.Run run, LogicalText line, int scriptStart, SourceRange fallback) {
        List<ShellScript> scripts = new ArrayList<>();
        if (run.command() instanceof CommandLine.ExecForm exec) {
            List<String> args = exec.arguments();
            scripts.add(ShellScript.ofWords(args, fallback));
            int c = args.indexOf("-c");
            if (!args.isEmpty() && SHELLS.contains(basename(args.get(0))) && c > 0 && c + 1 < args.size()) {
                String inner = args.get(c + 1);
                scripts.add(ShellScript.parse(inner, LogicalText.detached(inner, fallback)));
            }
            return new RunScript(scripts, false, false);
        }
        String script = ((CommandLine.ShellForm) run.command()).script();
        LogicalText map = scriptStart >= 0 ? line.from(scriptStart) : LogicalText.detached(script, fallback);
        ShellScript main = ShellScript.parse(script, map);
        scripts.add(main);
        boolean pipes = main.hasPipes();
        for (Heredoc h : run.heredocs()) {
            String feeds = main.heredocCommand(h.name()).orElse(null);
            if (feeds == null || !runsAsShell(feeds, h.effectiveContent())) {
                continue;
            }
            ShellScript body = ShellScript.parse(h.content(), LogicalText.verbatim(h.content(), h.range().start()));
            scripts.add(body);
            pipes |= feeds.isEmpty() && body.hasPipes(); // a bare <<EOF runs in the SHELL; "bash <<EOF" in bash
        }
        return new RunScript(scripts, true, pipes);
    }

    /** A bare heredoc is the script of the default shell unless its shebang names another interpreter. */
    private static boolean runsAsShell(String feeds, String body) {
        if (!feeds.isEmpty()) {
            return SHELLS.contains(basename(feeds));
        }
        if (body.startsWith("#!")) {
            String first = body.lines().findFirst().orElse("").substring(2).strip();
            String[] words = first.split("\\s+");
            String interp = basename(words[0]);
            if (interp.equals("env") && words.length > 1) {
                interp = basename(words[words.length - 1]);
            }
            return SHELLS.contains(interp.toLowerCase(Locale.ROOT));
        }
        return true;
    }

    static String basename(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The scripts read: the command line first, then shell here-documents (or the exec-form words). */
    public List<ShellScript> scripts() {
        return scripts;
    }

    /** Every simple command of every script, in order. */
    public List<ShellCommand> commands() {
        return commands;
    }

    /** True for shell form (the SHELL runs it). */
    public boolean shellForm() {
        return shellForm;
    }

    /** A pipe in what the SHELL itself runs (where {@code -o pipefail} would matter). */
    public boolean hasPipes() {
        return pipes;
    }

    /** All the script text, for rules that look for a setting anywhere in it. */
    public String text() {
        if (text == null) {
            List<String> parts = new ArrayList<>(scripts.size());
            for (ShellScript s : scripts) {
                parts.add(s.text());
            }
            text = String.join("\n", parts);
        }
        return text;
    }
}
