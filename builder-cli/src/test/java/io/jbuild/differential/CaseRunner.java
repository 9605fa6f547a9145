package io.jbuild.differential;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs one case: prepares its context, builds it with both builders, and compares the two images (config and
 * applied file trees), sorting each difference into accepted (with its reason) or not.
 */
final class CaseRunner {

    private static final int LOG_LINES = 6;

    private final Builder docker;
    private final Builder jbuild;
    private final AcceptedDifferences accepted;
    private final Path work;

    CaseRunner(Builder docker, Builder jbuild, AcceptedDifferences accepted, Path work) {
        this.docker = docker;
        this.jbuild = jbuild;
        this.accepted = accepted;
        this.work = work;
    }

    CaseResult run(CaseSpec spec) throws IOException {
        Path dir = work.resolve("cases").resolve(spec.name());
        deleteTree(dir);
        Path context = CaseContext.create(spec, dir.resolve("context"));
        Builder.Build d = docker.build(spec, context, dir.resolve("docker.tar"), dir.resolve("docker.log"));
        Builder.Build j = jbuild.build(spec, context, dir.resolve("jbuild.tar"), dir.resolve("jbuild.log"));
        List<Difference> found = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        TreeComparison.Mtimes mtimes = null;
        if (!d.ok() || !j.ok() || spec.expectFailure()) {
            outcome(spec, d, j, found, notes);
        } else {
            ImageArchive di = ImageArchive.open(dir.resolve("docker.tar"), dir.resolve("docker"));
            ImageArchive ji = ImageArchive.open(dir.resolve("jbuild.tar"), dir.resolve("jbuild"));
            found.addAll(ConfigComparison.compare(di.config(), ji.config()));
            notes.addAll(ConfigComparison.notes(di.config(), ji.config()));
            TreeComparison.Result trees = TreeComparison.compare(di.tree(), ji.tree());
            found.addAll(trees.differences());
            mtimes = trees.mtimes();
        }
        List<Difference> open = new ArrayList<>();
        Map<Difference, String> kept = new LinkedHashMap<>();
        for (Difference f : found) {
            Optional<String> reason = accepted.reason(spec.name(), f);
            if (reason.isPresent()) {
                kept.put(f, reason.get());
            } else {
                open.add(f);
            }
        }
        return new CaseResult(spec.name(), spec.description(), open, kept, notes, mtimes, d.time(), j.time());
    }

    /** When a build failed or was meant to: both must fail exactly when the case expects it. */
    private static void outcome(CaseSpec spec, Builder.Build d, Builder.Build j, List<Difference> found,
                                List<String> notes) {
        if (spec.expectFailure() && !d.ok() && !j.ok()) {
            notes.add("both failed as expected\n      docker: " + indent(d.tail(LOG_LINES)) + "\n      jbuild: "
                    + indent(j.tail(LOG_LINES)));
            return;
        }
        String expected = spec.expectFailure() ? "failure" : "success";
        found.add(new Difference("outcome", "build (expected " + expected + ")", describe(d), describe(j)));
    }

    private static String describe(Builder.Build b) {
        return b.ok() ? "succeeded" : "failed: " + b.tail(LOG_LINES).replace('\n', ' ');
    }

    private static String indent(String text) {
        return text.replace("\n", "\n              ");
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
