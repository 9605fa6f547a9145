package io.jbuild.grammar.lint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A build context's {@code .dockerignore}, read and matched the way BuildKit does (moby's patternmatcher):
 * {@code *} and {@code ?} do not cross {@code /}, {@code **} does, a leading {@code !} re-includes, and a path
 * is ignored when it or one of its parent directories matches.
 */
public final class Dockerignore {

    private record Entry(String pattern, boolean exclusion, Pattern regex) {
    }

    private final List<Entry> entries;

    private Dockerignore(List<Entry> entries) {
        this.entries = entries;
    }

    /** The patterns of {@code dir/.dockerignore} as BuildKit reads them; an empty list when there is no file. */
    public static List<String> readPatterns(Path dir) throws IOException {
        String text;
        try {
            text = Files.readString(dir.resolve(".dockerignore"), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return parsePatterns(text);
    }

    /** Comment lines dropped, white space trimmed, paths cleaned and made relative, {@code !} kept. */
    public static List<String> parsePatterns(String text) {
        List<String> out = new ArrayList<>();
        for (String raw : text.split("\n", -1)) {
            String line = raw.strip();
            if (line.startsWith("#") || line.isEmpty()) {
                continue;
            }
            boolean invert = line.startsWith("!");
            if (invert) {
                line = line.substring(1).strip();
            }
            if (!line.isEmpty()) {
                line = cleanPath(line);
                if (line.length() > 1 && line.startsWith("/")) {
                    line = line.substring(1);
                }
            }
            out.add(invert ? "!" + line : line);
        }
        return out;
    }

    public static Dockerignore of(List<String> patterns) {
        List<Entry> entries = new ArrayList<>();
        for (String p : patterns) {
            boolean exclusion = p.startsWith("!");
            String body = exclusion ? p.substring(1) : p;
            if (body.isEmpty()) {
                continue;
            }
            body = cleanPath(body);
            entries.add(new Entry(body, exclusion, Pattern.compile(toRegex(body))));
        }
        return new Dockerignore(List.copyOf(entries));
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** True when some pattern re-includes ({@code !}); BuildKit then does not judge COPY sources statically. */
    public boolean hasExclusions() {
        return entries.stream().anyMatch(Entry::exclusion);
    }

    /** True when a pattern ignores everything at the root ({@code *}, {@code **}, {@code **}{@code /*}). */
    public boolean ignoresRoot() {
        return entries.stream().anyMatch(e -> !e.exclusion()
                && (e.pattern().equals("*") || e.pattern().equals("**") || e.pattern().equals("**/*")));
    }

    /** moby's {@code MatchesOrParentMatches}: the path or one of its parents is ignored. */
    public boolean matchesOrParentMatches(String path) {
        String file = cleanPath(path);
        if (file.equals(".")) {
            return false;
        }
        String parent = parentOf(file);
        String[] parentDirs = parent.split("/", -1);
        boolean matched = false;
        for (Entry e : entries) {
            if (e.exclusion() != matched) {
                continue;
            }
            boolean match = e.regex().matcher(file).matches();
            if (!match && !parent.equals(".")) {
                StringBuilder prefix = new StringBuilder();
                for (int i = 0; i < parentDirs.length && !match; i++) {
                    if (i > 0) {
                        prefix.append('/');
                    }
                    prefix.append(parentDirs[i]);
                    match = e.regex().matcher(prefix).matches();
                }
            }
            if (match) {
                matched = !e.exclusion();
            }
        }
        return matched;
    }

    private static String parentOf(String file) {
        int slash = file.lastIndexOf('/');
        if (slash < 0) {
            return ".";
        }
        return slash == 0 ? "/" : file.substring(0, slash);
    }

    /** Go's {@code path.Clean}. */
    public static String cleanPath(String p) {
        if (p.isEmpty()) {
            return ".";
        }
        boolean rooted = p.startsWith("/");
        List<String> parts = new ArrayList<>();
        for (String seg : p.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                if (!parts.isEmpty() && !parts.get(parts.size() - 1).equals("..")) {
                    parts.remove(parts.size() - 1);
                } else if (!rooted) {
                    parts.add(seg);
                }
                continue;
            }
            parts.add(seg);
        }
        String joined = String.join("/", parts);
        if (rooted) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }

    /** The pattern as a regular expression over slash-separated paths. */
    static String toRegex(String pattern) {
        StringBuilder re = new StringBuilder("^");
        int n = pattern.length();
        for (int i = 0; i < n; i++) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < n && pattern.charAt(i + 1) == '*') {
                        i++;
                        if (i + 1 < n && pattern.charAt(i + 1) == '/') {
                            i++;
                        }
                        re.append(i + 1 >= n ? ".*" : "(.*/)?");
                    } else {
                        re.append("[^/]*");
                    }
                }
                case '?' -> re.append("[^/]");
                case '\\' -> {
                    if (i + 1 < n) {
                        re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
                    } else {
                        re.append("\\\\");
                    }
                }
                case '[' -> {
                    int close = pattern.indexOf(']', i + 2);
                    if (close < 0) {
                        re.append("\\[");
                    } else {
                        String cls = pattern.substring(i + 1, close);
                        if (cls.startsWith("^") || cls.startsWith("!")) {
                            cls = "^" + cls.substring(1);
                        }
                        re.append('[').append(cls.replace("\\", "\\\\").replace("[", "\\[")).append(']');
                        i = close;
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.append('$').toString();
    }
}
