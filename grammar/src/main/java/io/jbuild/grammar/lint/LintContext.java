package io.jbuild.grammar.lint;

import io.jbuild.grammar.ast.CommandLine;
import io.jbuild.grammar.ast.Dockerfile;
import io.jbuild.grammar.ast.Heredoc;
import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.script.RunScript;
import io.jbuild.grammar.parser.Node;
import io.jbuild.grammar.parser.ParseResult;
import io.jbuild.grammar.source.Position;
import io.jbuild.grammar.source.SourceRange;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a rule may look at for one file: the parse result, the file's lines, its stages, and cached
 * readings (the shell of each RUN, the variables in scope). One context per lint call; never shared.
 */
public final class LintContext {

    private final ParseResult parse;
    private final SourceText source;
    private final LintOptions options;
    private final List<Instruction> globals = new ArrayList<>();
    private final List<Stage> stages = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();
    private List<Step> allSteps;
    private List<Step> topSteps;
    private final Map<Position, Node> nodes = new HashMap<>();
    private final Map<Instruction, RunScript> scripts = new IdentityHashMap<>();
    private final Map<Instruction, LogicalText> logical = new IdentityHashMap<>();
    private VariableScopes scopes;
    private List<CommentLine> comments;

    /**
     * What the rules see of a file, for tools beside the linter (the language server reads stages, keyword ranges and
     * variable scopes from it); {@code parse} must be the parse of {@code text}.
     */
    public static LintContext of(String text, ParseResult parse, LintOptions options) {
        return new LintContext(text, parse, options);
    }

    LintContext(String text, ParseResult parse, LintOptions options) {
        this.parse = parse;
        this.source = SourceText.of(text);
        this.options = options;
        for (Node n : parse.nodes()) {
            index(n);
        }
        split();
    }

    private void index(Node n) {
        nodes.put(n.keywordRange().start(), n);
        n.child().ifPresent(this::index);
    }

    /** Cuts the instructions into the global part and stages; builds the step list with ONBUILD triggers. */
    private void split() {
        List<Instruction> current = null;
        Instruction.From from = null;
        List<Instruction> all = parse.dockerfile().instructions();
        for (Instruction i : all) {
            if (i instanceof Instruction.From f) {
                if (from != null) {
                    addStage(from, current);
                }
                from = f;
                current = new ArrayList<>();
            } else if (current == null) {
                globals.add(i);
            } else {
                current.add(i);
            }
        }
        if (from != null) {
            addStage(from, current);
        }
        for (Instruction i : globals) {
            addStep(i, Optional.empty());
        }
        for (Stage s : stages) {
            addStep(s.from(), Optional.of(s));
            for (Instruction i : s.instructions()) {
                addStep(i, Optional.of(s));
            }
        }
        steps.sort(Comparator.comparing(st -> st.instruction().meta().range().start()));
        allSteps = List.copyOf(steps);
        topSteps = steps.stream().filter(st -> !st.trigger()).toList();
    }

    private void addStep(Instruction i, Optional<Stage> stage) {
        steps.add(new Step(i, stage, false));
        if (i instanceof Instruction.Onbuild o) {
            steps.add(new Step(o.trigger(), stage, true));
        }
    }

    private void addStage(Instruction.From from, List<Instruction> instructions) {
        Optional<Stage> parent = Optional.empty();
        String base = from.image().toLowerCase(Locale.ROOT);
        for (Stage s : stages) {
            if (s.name().isPresent() && s.name().get().equals(base)) {
                parent = Optional.of(s);
            }
        }
        stages.add(new Stage(stages.size(), from, from.stageName(), instructions, parent));
    }

    public ParseResult parse() {
        return parse;
    }

    public Dockerfile dockerfile() {
        return parse.dockerfile();
    }

    public char escape() {
        return parse.dockerfile().escapeChar();
    }

    public SourceText source() {
        return source;
    }

    public LintOptions options() {
        return options;
    }

    public LintConfig config() {
        return options.config();
    }

    /** The instructions before the first FROM (ARGs, normally). */
    public List<Instruction> globalInstructions() {
        return List.copyOf(globals);
    }

    public List<Stage> stages() {
        return List.copyOf(stages);
    }

    /** Every instruction in file order; with {@code triggers}, ONBUILD's instruction follows each ONBUILD. */
    public List<Step> steps(boolean triggers) {
        return triggers ? allSteps : topSteps;
    }

    /** The parser's node of an instruction (keyword and argument positions), if it has one. */
    public Optional<Node> node(Instruction i) {
        return Optional.ofNullable(nodes.get(i.meta().range().start()));
    }

    public SourceRange range(Instruction i) {
        return i.meta().range();
    }

    /** The instruction's keyword, as written. */
    public SourceRange keywordRange(Instruction i) {
        return node(i).map(Node::keywordRange).orElseGet(() -> {
            Position s = i.meta().range().start();
            return new SourceRange(s, new Position(s.line(), s.column() + i.meta().keyword().length()));
        });
    }

    /** The instruction's arguments (after flags), as written; the whole instruction when unknown. */
    public SourceRange argumentsRange(Instruction i) {
        return node(i).map(Node::argumentRange).orElse(i.meta().range());
    }

    /** The instruction's logical line (continuations joined) from its keyword, mapped to the file. */
    public LogicalText logical(Instruction i) {
        return logical.computeIfAbsent(i, k -> source.logical(k.meta().range().start(), escape()));
    }

    /** Offset in {@link #logical} where the arguments start (after the keyword and flags). */
    public int argumentsOffset(Instruction i) {
        LogicalText t = logical(i);
        Optional<Node> n = node(i);
        if (n.isPresent()) {
            int o = t.offsetOf(n.get().argumentRange().start());
            if (o >= 0) {
                return o;
            }
        }
        return Math.min(t.text().length(), i.meta().keyword().length());
    }

    /**
     * The range of {@code word} written among the instruction's arguments: its {@code occurrence}-th
     * (0-based) whole-word appearance after the keyword and flags; the arguments' range when it is not found.
     */
    public SourceRange wordRange(Instruction i, String word, int occurrence, String delimiters) {
        LogicalText t = logical(i);
        int at = argumentsOffset(i);
        for (int k = 0; k <= occurrence; k++) {
            int found = t.indexOfWord(word, at, delimiters);
            if (found < 0) {
                return argumentsRange(i);
            }
            if (k == occurrence) {
                return t.range(found, found + word.length());
            }
            at = found + word.length();
        }
        return argumentsRange(i);
    }

    public SourceRange wordRange(Instruction i, String word) {
        return wordRange(i, word, 0, "");
    }

    /** The shell of a RUN, read once per lint call. */
    public RunScript script(Instruction.Run run) {
        return scripts.computeIfAbsent(run, k -> {
            LogicalText line = logical(run);
            int start = -1;
            if (run.command() instanceof CommandLine.ShellForm sf) {
                String text = line.text();
                int endTrim = text.length();
                while (endTrim > 0 && Character.isWhitespace(text.charAt(endTrim - 1))) {
                    endTrim--;
                }
                int candidate = endTrim - sf.script().length();
                if (candidate >= 0 && text.startsWith(sf.script(), candidate)) {
                    start = candidate;
                } else {
                    start = text.indexOf(sf.script());
                }
            }
            return RunScript.of(run, line, start, argumentsRange(run));
        });
    }

    /** The file's comment lines, here-document bodies left out. */
    public List<CommentLine> comments() {
        if (comments == null) {
            BitSet inBody = new BitSet();
            for (Step st : steps) {
                for (Heredoc h : heredocs(st.instruction())) {
                    inBody.set(h.range().start().line(), h.range().end().line() + 1);
                }
            }
            List<CommentLine> out = new ArrayList<>();
            for (int n = 1; n <= source.lineCount(); n++) {
                String l = source.line(n);
                String t = l.stripLeading();
                if (t.startsWith("#") && !inBody.get(n)) {
                    int col = l.length() - t.length() + 1;
                    out.add(new CommentLine(n, t.substring(1).strip(), SourceRange.of(n, col, n, l.length() + 1)));
                }
            }
            comments = List.copyOf(out);
        }
        return comments;
    }

    /** The here-documents of an instruction (RUN, COPY, ADD). */
    public static List<Heredoc> heredocs(Instruction i) {
        if (i instanceof Instruction.Run r) {
            return r.heredocs();
        }
        if (i instanceof Instruction.FileCopy c) {
            return c.inlineSources();
        }
        return List.of();
    }

    /** ARG and ENV values in scope, stage by stage, as BuildKit computes them. */
    public VariableScopes variables() {
        if (scopes == null) {
            scopes = new VariableScopes(this);
        }
        return scopes;
    }
}
