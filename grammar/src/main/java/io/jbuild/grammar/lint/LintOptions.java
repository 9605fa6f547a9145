package io.jbuild.grammar.lint;

import io.jbuild.grammar.ignore.IgnoreFile;
import io.jbuild.grammar.ignore.IgnoreRules;
import io.jbuild.grammar.platform.PlatformSpecifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * How to lint: immutable; {@code with...} methods return changed copies.
 *
 * @param config         configuration (ignored rules, severities, trusted registries, label schema)
 * @param dockerignore   the build context's {@code .dockerignore}, compiled; CopyIgnoredFile runs only when present
 * @param buildArgs      {@code --build-arg} values: they count as defined and replace ARG defaults
 * @param targetPlatform the platform the build is for, for the predefined ARGs (normalized as BuildKit does:
 *                       {@code linux/arm} gives TARGETVARIANT {@code v7})
 * @param baseImageEnv   the environment of a base image, by its name as written after FROM (expanded), when
 *                       the caller knows it; empty when it does not (then UndefinedVar only reports names the
 *                       Dockerfile itself declares somewhere, or near misses of names in scope)
 */
public record LintOptions(LintConfig config, Optional<IgnoreRules> dockerignore, Map<String, String> buildArgs,
                          PlatformSpecifier targetPlatform, Function<String, Optional<Map<String, String>>> baseImageEnv) {

    private static final LintOptions DEFAULTS = new LintOptions(LintConfig.defaults(), Optional.empty(), Map.of(),
            PlatformSpecifier.of("linux", "amd64", ""), image -> Optional.empty());

    public LintOptions {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(dockerignore, "dockerignore");
        buildArgs = Map.copyOf(buildArgs);
        Objects.requireNonNull(targetPlatform, "targetPlatform");
        Objects.requireNonNull(baseImageEnv, "baseImageEnv");
    }

    public static LintOptions defaults() {
        return DEFAULTS;
    }

    public LintOptions withConfig(LintConfig c) {
        return new LintOptions(c, dockerignore, buildArgs, targetPlatform, baseImageEnv);
    }

    public LintOptions withDockerignore(IgnoreRules rules) {
        return new LintOptions(config, Optional.of(rules), buildArgs, targetPlatform, baseImageEnv);
    }

    /**
     * Reads {@code dir/.dockerignore} (none: no patterns, so CopyIgnoredFile still knows there is a context).
     *
     * @throws IOException it cannot be read, or a pattern is one docker refuses (the message names the file and line)
     */
    public LintOptions withContext(Path dir) throws IOException {
        Path file = dir.resolve(IgnoreFile.FILE_NAME);
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return withDockerignore(IgnoreRules.NONE);
        }
        return withDockerignore(IgnoreFile.parse(content, file.toString()));
    }

    public LintOptions withBuildArgs(Map<String, String> args) {
        return new LintOptions(config, dockerignore, args, targetPlatform, baseImageEnv);
    }

    public LintOptions withTargetPlatform(PlatformSpecifier platform) {
        return new LintOptions(config, dockerignore, buildArgs, platform, baseImageEnv);
    }

    /**
     * The target platform as a user writes it ({@code os[/arch[/variant]]}).
     *
     * @throws IllegalArgumentException naming the specifier when it is not a platform
     */
    public LintOptions withTargetPlatform(String specifier) {
        return withTargetPlatform(PlatformSpecifier.parse(specifier));
    }

    public LintOptions withBaseImageEnv(Function<String, Optional<Map<String, String>>> env) {
        return new LintOptions(config, dockerignore, buildArgs, targetPlatform, env);
    }
}
