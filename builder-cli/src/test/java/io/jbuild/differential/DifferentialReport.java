package io.jbuild.differential;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The suite's report: a Markdown table of cases, then each case's differences, accepted ones and notes. */
final class DifferentialReport {

    private final List<CaseResult> results = new ArrayList<>();
    private final List<String> header = new ArrayList<>();

    synchronized void header(String line) {
        header.add(line);
    }

    synchronized void add(CaseResult r) {
        results.add(r);
    }

    synchronized String render() {
        StringBuilder s = new StringBuilder("# Differential: jbuild against docker's BuildKit\n\n");
        header.forEach(h -> s.append(h).append("  \n"));
        s.append("\n| case | result | differences | accepted | mtimes equal | docker | jbuild |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (CaseResult r : results) {
            s.append("| ").append(r.name()).append(" | ").append(r.verdict()).append(" | ")
                    .append(r.differences().size()).append(" | ").append(r.accepted().size()).append(" | ")
                    .append(r.mtimes() == null ? "-" : r.mtimes().equal() + "/" + r.mtimes().compared()).append(" | ")
                    .append(seconds(r.dockerTime())).append(" | ").append(seconds(r.jbuildTime())).append(" |\n");
        }
        for (CaseResult r : results) {
            s.append("\n## ").append(r.name()).append(": ").append(r.verdict()).append("\n\n");
            if (!r.description().isEmpty()) {
                s.append(r.description()).append("\n\n");
            }
            for (Difference d : r.differences()) {
                s.append("- **").append(d.format()).append("**\n");
            }
            for (Map.Entry<Difference, String> a : r.accepted().entrySet()) {
                s.append("- accepted: ").append(a.getKey().format()).append(" — ").append(a.getValue()).append("\n");
            }
            for (String n : r.notes()) {
                s.append("- note: ").append(n).append("\n");
            }
            if (r.mtimes() != null) {
                s.append("- mtimes: ").append(r.mtimes().summary()).append("\n");
            }
        }
        return s.toString();
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, render());
    }

    private static String seconds(Duration d) {
        return d == null ? "-" : String.format("%.2f s", d.toMillis() / 1000.0);
    }
}
