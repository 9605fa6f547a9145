package io.jbuild.grammar.lint;

/**
 * One lint rule. Rules are plain stateless classes (one instance serves any number of threads); whatever a
 * check needs while it runs lives in local variables. They are registered in {@link Rules#all()}.
 */
public interface Rule {

    RuleInfo info();

    /** Reports what is wrong in {@code file} to {@code out}. */
    void check(LintContext file, Findings out);
}
