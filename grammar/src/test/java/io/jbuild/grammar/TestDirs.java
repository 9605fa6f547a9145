package io.jbuild.grammar;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where shared test data lives: system properties set by the build, else found beside the project root. */
public final class TestDirs {

    private TestDirs() {
    }

    public static Path conformance() {
        return fromProperty("jbuild.conformance.dir", "../shared/conformance");
    }

    public static Path corpus() {
        return fromProperty("jbuild.corpus.dir", "../shared/corpus");
    }

    public static Path testdata() {
        return fromProperty("jbuild.testdata.dir", "testdata");
    }

    /** The property's value, or {@code relativeToRoot} resolved against the project root (the dir with .ci/). */
    private static Path fromProperty(String property, String relativeToRoot) {
        String value = System.getProperty(property);
        if (value != null && !value.isBlank()) {
            return Path.of(value).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve(".ci"))) {
            dir = dir.getParent();
        }
        Path root = dir == null ? Path.of("").toAbsolutePath() : dir;
        return root.resolve(relativeToRoot).normalize();
    }
}
