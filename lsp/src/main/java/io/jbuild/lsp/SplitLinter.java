package io.jbuild.lsp;

import io.jbuild.grammar.lint.LintDiagnostic;
import io.jbuild.grammar.lint.LintOptions;
import io.jbuild.grammar.lint.Linter;
import io.jbuild.grammar.lint.Rule;
import io.jbuild.grammar.parser.ParseResult;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The standard linter with its rules in two runs of the list, the second on a helper thread: the first third of the
 * rules (BuildKit's checks, which build the variable scopes, ~6 of the ~20 ms a warm lint of 1,000 lines takes) and
 * the rest (hadolint's, which share the shell scripts of the RUNs), each half with its own context. The findings are
 * merged by {@link Linter#merged} as one lint merges its rules', so the result is exactly {@code Linter.standard()}'s
 * ({@code SplitLinterTest} compares them). Half the rules' time comes off a change's diagnostics on a machine with a
 * second core; when the helper is busy (another document) both halves run on the caller.
 */
final class SplitLinter {

    private final Linter first;
    private final Linter second;
    // one helper thread, made when needed and gone after a pause; a second document's half waits for no one
    private final ThreadPoolExecutor helper = new ThreadPoolExecutor(0, 1, 5, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "jbuild-lsp-lint");
                t.setDaemon(true);
                return t;
            });

    SplitLinter() {
        List<Rule> rules = Linter.standard().rules();
        int split = rules.size() / 3;
        first = new Linter(rules.subList(0, split));
        second = new Linter(rules.subList(split, rules.size()));
    }

    /** What {@code Linter.standard().lint(text, parse, options)} finds. */
    List<LintDiagnostic> lint(String text, ParseResult parse, LintOptions options) {
        FutureTask<List<LintDiagnostic>> rest = new FutureTask<>(() -> second.lint(text, parse, options));
        try {
            helper.execute(rest);
        } catch (RejectedExecutionException e) {
            rest.run();
        }
        List<LintDiagnostic> found = first.lint(text, parse, options);
        List<LintDiagnostic> more;
        try {
            more = rest.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Linter.standard().lint(text, parse, options);
        } catch (ExecutionException e) {
            // (a StackOverflowError on the helper, say): the caller meets the same as it would have
            return Linter.standard().lint(text, parse, options);
        }
        return Linter.merged(List.of(found, more));
    }
}
