package io.jbuild.grammar.lint.hadolint;

import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.lint.Findings;
import io.jbuild.grammar.lint.LintContext;
import io.jbuild.grammar.lint.script.RunScript;
import io.jbuild.grammar.lint.script.ShellCommand;
import io.jbuild.grammar.lint.script.ShellWord;
import io.jbuild.grammar.source.Severity;
import java.util.List;
import java.util.Set;

/**
 * DL3013: {@code pip install pkg} without a version specifier. Requirements files ({@code -r}), the local
 * project ({@code .}), constraints files, wheels, archives, paths and VCS URLs with {@code @ref} are fine.
 */
public final class Dl3013PipPinVersions extends RunRule {

    private static final Set<String> VALUE_FLAGS = Set.of("abi", "b", "build", "e", "editable", "extra-index-url", "f",
            "find-links", "i", "index-url", "implementation", "no-binary", "only-binary", "platform", "prefix",
            "progress-bar", "proxy", "python", "python-version", "root", "root-user-action", "src", "t", "target",
            "trusted-host", "upgrade-strategy");
    private static final List<String> VERSION_SYMBOLS = List.of("==", ">=", "<=", ">", "<", "!=", "~=", "===");
    private static final List<String> VCS = List.of("git+file", "git+https", "git+ssh", "git+http", "git+git", "git",
            "hg+file", "hg+http", "hg+https", "hg+ssh", "hg+static-http", "svn", "svn+svn", "svn+http", "svn+https",
            "svn+ssh", "bzr+http", "bzr+https", "bzr+ssh", "bzr+sftp", "bzr+ftp", "bzr+lp");

    public Dl3013PipPinVersions() {
        super("DL3013", Severity.WARNING, "Pin versions in pip. Instead of `pip install <package>` use `pip install "
                + "<package>==<version>` or `pip install --requirement <requirements file>`", true);
    }

    @Override
    void check(LintContext file, Instruction.Run run, RunScript script, Findings out) {
        for (ShellCommand c : script.commands()) {
            if (!PipCommands.isPipInstall(c) || c.hasFlag("constraint") || c.hasFlag("c")) {
                continue;
            }
            List<String> args = c.arguments();
            if (args.contains("--requirement") || args.contains("-r") || args.contains(".")) {
                continue;
            }
            for (ShellWord w : Sh.afterWord(c.argumentsWithoutFlags(VALUE_FLAGS), "install")) {
                if (!pinned(w.value())) {
                    out.report(c.range(w), message());
                    return;
                }
            }
        }
    }

    private static boolean pinned(String p) {
        boolean vcs = VCS.stream().anyMatch(p::startsWith);
        return VERSION_SYMBOLS.stream().anyMatch(p::contains) || vcs && p.contains("@")
                || p.endsWith(".whl") || p.endsWith(".tar.gz") || !vcs && p.contains("/");
    }
}
