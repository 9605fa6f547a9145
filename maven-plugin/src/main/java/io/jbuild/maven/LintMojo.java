package io.jbuild.maven;

import io.jbuild.grammar.lint.LintConfigFile;
import io.jbuild.grammar.lint.LintConfig;
import io.jbuild.grammar.lint.LintConfigException;
import io.jbuild.grammar.lint.LintDiagnostic;
import io.jbuild.grammar.lint.LintOptions;
import io.jbuild.grammar.lint.Linter;
import io.jbuild.grammar.source.Severity;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Lints the Dockerfile: parse errors, BuildKit's build checks and hadolint's DL rules, as {@code jbuild lint}.
 * Findings are logged compiler style ({@code Dockerfile:3:1: error DL3000: ...}) at their own level; the build
 * fails on errors (and on warnings with {@code failOnWarning}). In-file configuration ({@code # check=...},
 * {@code # hadolint ignore=...}) applies, and so does a {@code .jbuild-lint.yaml} or {@code .hadolint.yaml}
 * (ignored rules, severity overrides, trusted registries), except its failure threshold: this goal's
 * parameters decide when the build fails.
 */
@Mojo(name = "lint", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true)
public class LintMojo extends AbstractJbuildMojo {

    /** Fail the build when there is an error-level finding. */
    @Parameter(property = "jbuild.failOnError", defaultValue = "true")
    boolean failOnError;

    /** Fail the build when there is a warning-level finding too. */
    @Parameter(property = "jbuild.failOnWarning", defaultValue = "false")
    boolean failOnWarning;

    /**
     * The linter's configuration file. Default: {@code .jbuild-lint.yaml}, {@code .jbuild-lint.yml},
     * {@code .hadolint.yaml} or {@code .hadolint.yml} in the context directory, else in the project directory.
     */
    @Parameter(property = "jbuild.lintConfig")
    File lintConfig;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        Path file = dockerfile.toPath();
        String name = display(file);
        List<LintDiagnostic> findings;
        try {
            LintOptions options = LintOptions.defaults().withConfig(config()).withBuildArgs(buildArgs())
                    .withContext(contextDirectory.toPath());
            findings = Linter.standard().lint(file, options);
        } catch (IOException | LintConfigException e) {
            throw new MojoExecutionException("jbuild lint: " + e.getMessage(), e);
        }
        long errors = findings.stream().filter(d -> d.severity() == Severity.ERROR).count();
        long warnings = findings.stream().filter(d -> d.severity() == Severity.WARNING).count();
        for (LintDiagnostic d : findings) {
            String line = d.format(name) + d.url().map(u -> " (" + u + ")").orElse("");
            switch (d.severity()) {
                case ERROR -> getLog().error(line);
                case WARNING -> getLog().warn(line);
                default -> getLog().info(line);
            }
        }
        String summary = name + ": " + count(errors, "error") + ", " + count(warnings, "warning") + ", "
                + count(findings.size() - errors - warnings, "other finding");
        if (failOnError && errors > 0) {
            throw new MojoFailureException("jbuild lint: " + summary + " (failOnError)");
        }
        if (failOnWarning && errors + warnings > 0) {
            throw new MojoFailureException("jbuild lint: " + summary + " (failOnWarning)");
        }
        getLog().info("jbuild lint: " + summary);
    }

    private static String count(long n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    private LintConfig config() throws IOException, LintConfigException, MojoExecutionException {
        if (lintConfig != null) {
            if (!Files.isRegularFile(lintConfig.toPath())) {
                throw new MojoExecutionException("jbuild lint: no configuration file at " + lintConfig);
            }
            return LintConfigFile.read(lintConfig.toPath());
        }
        Optional<Path> found = LintConfig.find(contextDirectory.toPath())
                .or(() -> LintConfig.find(project.getBasedir().toPath()));
        if (found.isPresent()) {
            getLog().debug("jbuild lint: configuration " + found.get());
            return LintConfigFile.read(found.get());
        }
        return LintConfig.defaults();
    }
}
