package io.jbuild.grammar.lint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One case of a rule's case file ({@code testdata/lint/rules/<RuleId>.cases}):
 *
 * <pre>
 * === what the case shows
 * FROM alpine            (the Dockerfile, up to the first "--- " line)
 * --- expect             (one line per diagnostic of the rule: L:C-L:C, then optionally the exact message)
 * 1:1-1:12 the message
 * --- fixed              (optional: the file after applying the first fix of every diagnostic)
 * --- config             (optional: .jbuild-lint.yaml text)
 * --- dockerignore       (optional: the context's .dockerignore; the context is then known)
 * --- build-args         (optional: NAME=VALUE lines)
 * --- platform           (optional: the target platform, os[/arch[/variant]]; linux/amd64 when absent)
 * --- needs              (optional: "expander" when the case needs BuildKit-exact word expansion)
 * </pre>
 */
record RuleCase(String rule, String name, String dockerfile, Map<String, String> sections, int line) {

    static List<RuleCase> read(Path file) throws IOException {
        String rule = file.getFileName().toString().replaceFirst("\\.cases$", "");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<RuleCase> out = new ArrayList<>();
        int i = 0;
        while (i < lines.size() && !lines.get(i).startsWith("=== ")) {
            i++;
        }
        while (i < lines.size()) {
            String name = lines.get(i).substring(4).strip();
            int startLine = i + 1;
            i++;
            StringBuilder body = new StringBuilder();
            while (i < lines.size() && !lines.get(i).startsWith("--- ") && !lines.get(i).startsWith("=== ")) {
                body.append(lines.get(i)).append('\n');
                i++;
            }
            Map<String, String> sections = new LinkedHashMap<>();
            while (i < lines.size() && lines.get(i).startsWith("--- ")) {
                String section = lines.get(i).substring(4).strip();
                i++;
                StringBuilder text = new StringBuilder();
                while (i < lines.size() && !lines.get(i).startsWith("--- ") && !lines.get(i).startsWith("=== ")) {
                    text.append(lines.get(i)).append('\n');
                    i++;
                }
                sections.put(section, trimBlankLines(text.toString()));
            }
            out.add(new RuleCase(rule, name, trimBlankLines(body.toString()), sections, startLine));
        }
        return out;
    }

    /** Blank lines at the end separate cases; they are not part of a case. */
    private static String trimBlankLines(String s) {
        String t = s.stripTrailing();
        return t.isEmpty() ? "" : t + "\n";
    }

    @Override
    public String toString() {
        return rule + ": " + name;
    }
}
