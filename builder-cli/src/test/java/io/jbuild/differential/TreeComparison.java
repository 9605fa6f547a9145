package io.jbuild.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Compares two applied file trees path by path: presence, type, mode (setuid, setgid and sticky included),
 * numeric owner, content digest, symlink target, device numbers, xattrs, and the hard-link groups. Modification
 * times are not differences; they are summarized in {@link Mtimes} for the report.
 */
final class TreeComparison {

    /** How many paths have the same mtime on both sides, and some that do not. */
    record Mtimes(int compared, int equal, List<String> examples) {
        String summary() {
            return equal + "/" + compared + " equal" + (examples.isEmpty() ? "" : "; e.g. " + String.join(", ", examples));
        }
    }

    record Result(List<Difference> differences, Mtimes mtimes) {
    }

    private static final int MTIME_EXAMPLES = 4;

    private TreeComparison() {
    }

    static Result compare(FileTree docker, FileTree jbuild) {
        List<Difference> out = new ArrayList<>();
        for (String a : docker.anomalies()) {
            out.add(new Difference("anomaly", "docker layers", a, "-"));
        }
        for (String a : jbuild.anomalies()) {
            out.add(new Difference("anomaly", "jbuild layers", "-", a));
        }
        TreeSet<String> paths = new TreeSet<>(docker.nodes().keySet());
        paths.addAll(jbuild.nodes().keySet());
        int compared = 0;
        int equal = 0;
        List<String> examples = new ArrayList<>();
        for (String p : paths) {
            FileNode d = docker.nodes().get(p);
            FileNode j = jbuild.nodes().get(p);
            if (d == null || j == null) {
                out.add(new Difference("file.presence", p, d == null ? Difference.ABSENT : describe(d),
                        j == null ? Difference.ABSENT : describe(j)));
                continue;
            }
            nodes(out, p, d, j);
            if (!d.implicit() && !j.implicit()) {
                compared++;
                if (d.mtime().equals(j.mtime())) {
                    equal++;
                } else if (examples.size() < MTIME_EXAMPLES) {
                    examples.add(p + " docker=" + d.mtime() + " jbuild=" + j.mtime());
                }
            }
        }
        List<List<String>> dg = docker.hardLinkGroups();
        List<List<String>> jg = jbuild.hardLinkGroups();
        if (!dg.equals(jg)) {
            out.add(new Difference("hardlinks", "groups", dg.toString(), jg.toString()));
        }
        return new Result(out, new Mtimes(compared, equal, examples));
    }

    private static void nodes(List<Difference> out, String p, FileNode d, FileNode j) {
        if (d.kind() != j.kind()) {
            out.add(new Difference("file.type", p, describe(d), describe(j)));
            return;
        }
        if (d.mode() != j.mode()) {
            out.add(new Difference("file.mode", p, d.octalMode(), j.octalMode()));
        }
        if (d.uid() != j.uid() || d.gid() != j.gid()) {
            out.add(new Difference("file.owner", p, d.uid() + ":" + d.gid(), j.uid() + ":" + j.gid()));
        }
        if (d.implicit() != j.implicit()) {
            out.add(new Difference("file.implicit", p, d.implicit() ? "implied parent" : "listed",
                    j.implicit() ? "implied parent" : "listed"));
        }
        switch (d.kind()) {
            case FILE -> {
                if (d.size() != j.size() || !Objects.equals(d.sha256(), j.sha256())) {
                    out.add(new Difference("file.content", p, content(d), content(j)));
                }
            }
            case SYMLINK -> {
                if (!Objects.equals(d.linkTarget(), j.linkTarget())) {
                    out.add(new Difference("file.symlink", p, d.linkTarget(), j.linkTarget()));
                }
            }
            case CHAR_DEVICE, BLOCK_DEVICE -> {
                if (d.devMajor() != j.devMajor() || d.devMinor() != j.devMinor()) {
                    out.add(new Difference("file.device", p, d.devMajor() + "," + d.devMinor(),
                            j.devMajor() + "," + j.devMinor()));
                }
            }
            default -> {
            }
        }
        if (!d.xattrs().equals(j.xattrs())) {
            out.add(new Difference("file.xattrs", p, d.xattrs().toString(), j.xattrs().toString()));
        }
    }

    private static String content(FileNode n) {
        return n.size() + " bytes sha256:" + n.sha256().substring(0, 12);
    }

    static String describe(FileNode n) {
        String s = n.kind().name().toLowerCase(Locale.ROOT) + " " + n.octalMode() + " " + n.uid() + ":"
                + n.gid();
        return switch (n.kind()) {
            case FILE -> s + " " + content(n);
            case SYMLINK -> s + " -> " + n.linkTarget();
            default -> s + (n.implicit() ? " (implied)" : "");
        };
    }
}
