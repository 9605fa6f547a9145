package io.jbuild.core.build;

import io.jbuild.core.fs.RootPath;
import io.jbuild.core.layer.LayerEntry;
import io.jbuild.grammar.ast.Instruction;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What several steps share: WORKDIR's path and directories, EXPOSE's ports, owners by name, the step error. */
final class Steps {

    /** A step that cannot be done; the message is for the user, the instruction is added by the caller. */
    static final class StepException extends Exception {
        StepException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Steps() {
    }

    /** The ports of an EXPOSE, each as {@code port/proto}, in order. */
    static List<String> exposed(Instruction.Expose e) throws StepException {
        List<String> out = new ArrayList<>();
        for (String port : e.ports()) {
            out.addAll(ports(port));
        }
        return out;
    }

    /** {@code 80} → {@code 80/tcp}; a range {@code 8000-8002/udp} → each port, as docker does. */
    static List<String> ports(String spec) throws StepException {
        String port = spec;
        String proto = "tcp";
        int slash = spec.indexOf('/');
        if (slash >= 0) {
            port = spec.substring(0, slash);
            proto = spec.substring(slash + 1).toLowerCase(Locale.ROOT);
        }
        if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
            throw new StepException("invalid proto \"" + proto + "\" in \"" + spec + "\"", null);
        }
        List<String> out = new ArrayList<>();
        try {
            int dash = port.indexOf('-');
            int from = Integer.parseInt(dash < 0 ? port : port.substring(0, dash));
            int to = dash < 0 ? from : Integer.parseInt(port.substring(dash + 1));
            if (from < 1 || to > 65535 || to < from) {
                throw new NumberFormatException();
            }
            for (int p = from; p <= to; p++) {
                out.add(p + "/" + proto);
            }
        } catch (NumberFormatException e) {
            throw new StepException("invalid port \"" + spec + "\"", null);
        }
        return out;
    }

    /** WORKDIR's path: relative ones continue the current working directory. */
    static String workdir(String current, String path) {
        String base = current == null ? "/" : current;
        String joined = path.startsWith("/") ? path : base + "/" + path;
        return "/" + RootPath.clean(joined);
    }

    /** The directories WORKDIR must create (owned by the current USER, as BuildKit does), or none. */
    static List<LayerEntry> mkdirs(String dir, ImageState image, StageRootfs rootfs, Instant now)
            throws IOException, StepException {
        RootPath root = rootfs.lookingRoot();
        String rel = RootPath.clean(dir);
        if (rel.isEmpty() || Files.isDirectory(root.resolve(rel, true))) {
            return List.of();
        }
        Users.Owner owner = new Users.Owner(0, 0);
        if (image.user != null && !image.user.isEmpty()) {
            owner = owner(image.user, root);
        }
        CopyPlan plan = new CopyPlan(new CopyPlan.Options(Optional.of(owner), Optional.empty(), false, now,
                Optional.of(now)));
        plan.createParents(rel, true, root);
        return plan.entries();
    }

    /** {@code --chown} (or the USER a WORKDIR is made for) as numbers; a name the image lacks fails the step. */
    static Users.Owner owner(String spec, RootPath root) throws StepException {
        try {
            return Users.resolve(spec, root);
        } catch (IOException e) {
            throw new StepException(e.getMessage(), e);
        }
    }

    /** Finds a built stage's file system by name or index, or an image's by reference, for {@code COPY --from}. */
    @FunctionalInterface
    interface Stages {
        Optional<StageRootfs> find(String nameOrIndex);
    }
}
