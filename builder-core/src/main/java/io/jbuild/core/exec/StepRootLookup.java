package io.jbuild.core.exec;

import io.jbuild.core.snapshot.LowerView;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a RUN step's set-up reads of its root file system before the container starts (the user files, whether
 * the working directory and the mount targets exist), looked up in the lower directories themselves
 * ({@link LowerView}), so that the step's overlay need not be mounted here first: the runtime mounts it in the
 * container's namespace. Only for what the lowers answer as a mount would: a symbolic link on any of the paths (a
 * link resolves inside the root), or a working directory the step has to make, leave the step to a mount.
 *
 * @param stubs     the mount targets that do not exist and their missing parents, relative, as
 *                  {@code RunExecutor}'s mount stubs
 * @param userFiles /etc/passwd and /etc/group where the lowers have them
 */
record StepRootLookup(Set<String> stubs, UserResolver.UserFiles userFiles) {

    private static final List<String> USER_FILES = List.of("/etc/passwd", "/etc/group");

    /** The lookups for {@code spec} over {@code lowersTopFirst}; empty when a mount has to answer them. */
    static Optional<StepRootLookup> of(List<Path> lowersTopFirst, RunSpec spec) throws IOException {
        LowerView view = new LowerView(lowersTopFirst);
        if (view.find(spec.workdir()).kind() != LowerView.Kind.DIRECTORY) {
            return Optional.empty(); // a link, or a directory to make (through the overlay: its parents copied up)
        }
        Map<String, Path> files = new HashMap<>();
        for (String file : USER_FILES) {
            LowerView.Found found = view.find(file);
            if (found.kind() == LowerView.Kind.UNRESOLVED) {
                return Optional.empty();
            }
            files.put(file, found.host()); // null: absent; the resolver checks it is a regular file
        }
        List<String> targets = new ArrayList<>(List.of("/etc/hosts", "/etc/resolv.conf"));
        spec.mounts().forEach(m -> targets.add(m.target()));
        Set<String> stubs = new LinkedHashSet<>();
        for (String target : targets) {
            String path = relative(target);
            while (!path.isEmpty()) {
                LowerView.Kind kind = view.find(path).kind();
                if (kind == LowerView.Kind.UNRESOLVED) {
                    return Optional.empty();
                }
                if (kind != LowerView.Kind.ABSENT) {
                    break;
                }
                stubs.add(path);
                int slash = path.lastIndexOf('/');
                path = slash < 0 ? "" : path.substring(0, slash);
            }
        }
        return Optional.of(new StepRootLookup(stubs, files::get));
    }

    /** {@code /a//./b/} as {@code a/b}. */
    private static String relative(String absolute) {
        StringBuilder b = new StringBuilder();
        for (String s : absolute.split("/")) {
            if (!s.isEmpty() && !s.equals(".")) {
                b.append(b.length() == 0 ? "" : "/").append(s);
            }
        }
        return b.toString();
    }
}
