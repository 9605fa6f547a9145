package io.jbuild.grammar.lint;

import io.jbuild.grammar.ast.Directive;
import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.parser.DockerfileParser;
import io.jbuild.grammar.parser.ParseResult;
import io.jbuild.grammar.source.Diagnostic;
import io.jbuild.grammar.source.Position;
import io.jbuild.grammar.source.Severity;
import io.jbuild.grammar.source.SourceRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Lints Dockerfiles: the parser's errors, BuildKit's build checks and hadolint's rules, configured by
 * {@link LintOptions}, {@code # check=} directives and {@code # hadolint ignore=} comments.
 *
 * <pre>{@code
 * List<LintDiagnostic> found = Linter.standard().lint(text, LintOptions.defaults());
 * }</pre>
 *
 * A linter holds only its (stateless) rules: one instance serves any number of threads. Broken input is
 * fine: syntax errors are diagnostics, and the rules run on every instruction that parsed.
 */
public final class Linter {

    /** Rule id of diagnostics about a rule that failed on a file (a bug in the rule, never the file's fault). */
    public static final String INTERNAL = "internal";

    private static final Linter STANDARD = new Linter(Rules.all());

    private final List<Rule> rules;

    public Linter(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The linter with every rule of {@link Rules#all()}. */
    public static Linter standard() {
        return STANDARD;
    }

    public List<Rule> rules() {
        return rules;
    }

    public List<LintDiagnostic> lint(Path file, LintOptions options) throws IOException {
        return lint(DockerfileParser.decode(Files.readAllBytes(file)), options);
    }

    public List<LintDiagnostic> lint(String text, LintOptions options) {
        return lint(text, DockerfileParser.parse(text), options);
    }

    /** Lints a file the caller has parsed already ({@code parsed} must be the parse of {@code text}). */
    public List<LintDiagnostic> lint(String text, ParseResult parsed, LintOptions options) {
        List<LintDiagnostic> out = new ArrayList<>();
        for (Diagnostic d : parsed.diagnostics()) {
            if (d.code().equals(Diagnostic.SYNTAX) || d.code().equals(Diagnostic.INSTRUCTION)) {
                out.add(new LintDiagnostic(d.code(), d.severity(), d.message(), d.range(), Optional.empty(),
                        d.code().equals(Diagnostic.SYNTAX) ? "The Dockerfile cannot be parsed here."
                                : "The instruction does not accept this.", List.of()));
            }
        }
        CheckDirective directive = CheckDirective.NONE;
        Optional<Directive> check = parsed.dockerfile().directive("check");
        if (check.isPresent()) {
            try {
                directive = CheckDirective.parse(check.get().value());
            } catch (LintConfigException e) {
                out.add(new LintDiagnostic(Diagnostic.SYNTAX, Severity.ERROR, "failed to parse check options: "
                        + e.getMessage(), check.get().range(), Optional.empty(), "BuildKit rejects this check directive.",
                        List.of()));
            }
        }
        LintContext context = new LintContext(text, parsed, options);
        Suppressions suppressions = new Suppressions(context, directive);
        LintConfig config = options.config();
        for (Rule rule : rules) {
            RuleInfo info = rule.info();
            if (!suppressions.runs(info)) {
                continue;
            }
            Severity severity = config.overrides().getOrDefault(info.id(), info.severity());
            if (info.family() == RuleFamily.BUILDKIT && directive.error()) {
                severity = Severity.ERROR;
            }
            Severity s = severity;
            Findings findings = (range, message, fixes) -> {
                if (!suppressions.suppressed(info.id(), range.start())) {
                    out.add(new LintDiagnostic(info.id(), s, message, range, info.url(), info.description(), fixes));
                }
            };
            try {
                rule.check(context, findings);
            } catch (RuntimeException | StackOverflowError e) {
                out.add(new LintDiagnostic(INTERNAL, Severity.WARNING, "rule " + info.id() + " failed on this file: " + e,
                        SourceRange.of(1, 1, 1, 1), Optional.empty(), "A bug in jbuild's linter; please report it.",
                        List.of()));
            }
        }
        return merged(List.of(out));
    }

    /**
     * Findings as one lint reports them: the first of each rule, range and message kept, ordered by start, then rule
     * id (stably). Also for the findings of several linters, each with a part of the rules, over one file.
     */
    public static List<LintDiagnostic> merged(List<List<LintDiagnostic>> parts) {
        Set<List<Object>> seen = new HashSet<>();
        List<LintDiagnostic> unique = new ArrayList<>();
        for (List<LintDiagnostic> part : parts) {
            for (LintDiagnostic d : part) {
                if (seen.add(List.of(d.ruleId(), d.range(), d.message()))) {
                    unique.add(d);
                }
            }
        }
        unique.sort(Comparator.comparing((LintDiagnostic d) -> d.range().start()).thenComparing(LintDiagnostic::ruleId));
        return unique;
    }

    /** Which rules run and which findings are dropped, from configuration, directives and comments. */
    private static final class Suppressions {
        private final LintConfig config;
        private final CheckDirective directive;
        private final Set<String> global = new LinkedHashSet<>();
        private final List<Instruction> tops = new ArrayList<>();
        private final List<Set<String>> ignoredAt = new ArrayList<>();

        Suppressions(LintContext context, CheckDirective directive) {
            this.config = context.config();
            this.directive = directive;
            boolean pragmas = !config.disableIgnorePragma();
            if (pragmas) {
                for (CommentLine c : context.comments()) {
                    Pragmas.ignore(c.text()).filter(p -> p.scope() == Pragmas.Scope.GLOBAL)
                            .ifPresent(p -> global.addAll(p.rules()));
                }
            }
            Set<String> stageIgnores = new HashSet<>();
            for (Step st : context.steps(false)) {
                Instruction i = st.instruction();
                if (i instanceof Instruction.From) {
                    stageIgnores = new HashSet<>();
                }
                Set<String> here = new HashSet<>();
                for (String comment : i.meta().comments()) {
                    CheckDirective.fromComment(comment).ifPresent(c -> here.addAll(c.skipAll() ? Set.of("*") : c.skip()));
                    if (pragmas) {
                        Optional<Pragmas.Ignore> p = Pragmas.ignore(comment);
                        if (p.isPresent() && p.get().scope() == Pragmas.Scope.INSTRUCTION) {
                            here.addAll(p.get().rules());
                        } else if (p.isPresent() && p.get().scope() == Pragmas.Scope.STAGE) {
                            stageIgnores.addAll(p.get().rules());
                        }
                    }
                }
                here.addAll(stageIgnores);
                tops.add(i);
                ignoredAt.add(here);
            }
        }

        boolean runs(RuleInfo info) {
            String id = info.id();
            if (config.ignored().contains(id) || global.contains(id) || directive.skips(id)) {
                return false;
            }
            if (info.experimental()) {
                return directive.enablesExperimental(id) || config.experimental().contains(id)
                        || config.experimental().contains("all");
            }
            return info.enabledByDefault() || config.overrides().containsKey(id);
        }

        /** True when a comment above the instruction at {@code at} ignores {@code rule}. */
        boolean suppressed(String rule, Position at) {
            int lo = 0;
            int hi = tops.size() - 1;
            int found = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (tops.get(mid).meta().range().start().compareTo(at) <= 0) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            if (found < 0) {
                return false;
            }
            Set<String> ignored = ignoredAt.get(found);
            return ignored.contains(rule) || ignored.contains("*");
        }
    }
}
