package io.jbuild.core.build;

import io.jbuild.grammar.ast.Heredoc;
import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.parser.JsonStrings;
import java.util.List;
import java.util.Optional;

/**
 * An instruction with its expanded values on one line: the text each step's cache key is made from. Stored keys
 * depend on it, so a change here must change every affected key's text (a new line, a version word), never reuse
 * an old one for new content.
 */
final class KeyText implements Instruction.Visitor<String, RuntimeException> {

    private static final KeyText INSTANCE = new KeyText();

    private KeyText() {
    }

    static String of(Instruction in) {
        return in.accept(INSTANCE);
    }

    @Override
    public String copy(Instruction.Copy c) {
        return "COPY " + flags(c.from().map(f -> "--from=" + f), c.chown().map(o -> "--chown=" + o),
                c.chmod().map(m -> "--chmod=" + m), c.link() ? Optional.of("--link") : Optional.empty(),
                c.parents() ? Optional.of("--parents") : Optional.empty())
                + excludes(c.excludes()) + String.join(" ", c.sources()) + inlineNames(c.inlineSources()) + " "
                + c.destination();
    }

    @Override
    public String add(Instruction.Add a) {
        return "ADD " + flags(a.chown().map(o -> "--chown=" + o), a.chmod().map(m -> "--chmod=" + m),
                a.checksum().map(s -> "--checksum=" + s), a.link() ? Optional.of("--link") : Optional.empty(),
                Optional.empty())
                + excludes(a.excludes()) + String.join(" ", a.sources()) + inlineNames(a.inlineSources()) + " "
                + a.destination();
    }

    @Override
    public String label(Instruction.Label l) {
        return "LABEL " + String.join(" ", l.labels().stream().map(kv -> kv.key() + "=" + kv.value()).toList());
    }

    @Override
    public String workdir(Instruction.Workdir w) {
        return "WORKDIR " + w.path();
    }

    @Override
    public String user(Instruction.User u) {
        return "USER " + u.user();
    }

    @Override
    public String expose(Instruction.Expose e) {
        return "EXPOSE map[" + String.join(" ", e.ports().stream().map(p -> p + ":{}").toList()) + "]";
    }

    @Override
    public String volume(Instruction.Volume v) {
        return "VOLUME " + JsonStrings.array(v.paths(), ","); // history lines are History's
    }

    @Override
    public String stopSignal(Instruction.StopSignal s) {
        return "STOPSIGNAL " + s.signal();
    }

    @Override
    public String env(Instruction.Env e) {
        return "ENV " + String.join(" ", e.variables().stream().map(kv -> kv.key() + "=" + kv.value()).toList());
    }

    // The rest are keyed by their text as written: nothing in them is expanded (RUN's mounts and ARG's values
    // reach the key through the step's environment and RUN's own key).

    @Override
    public String from(Instruction.From i) {
        return asWritten(i);
    }

    @Override
    public String run(Instruction.Run i) {
        return asWritten(i);
    }

    @Override
    public String cmd(Instruction.Cmd i) {
        return asWritten(i);
    }

    @Override
    public String entrypoint(Instruction.Entrypoint i) {
        return asWritten(i);
    }

    @Override
    public String shell(Instruction.Shell i) {
        return asWritten(i);
    }

    @Override
    public String arg(Instruction.Arg i) {
        return asWritten(i);
    }

    @Override
    public String healthcheck(Instruction.Healthcheck i) {
        return asWritten(i);
    }

    @Override
    public String maintainer(Instruction.Maintainer i) {
        return asWritten(i);
    }

    @Override
    public String onbuild(Instruction.Onbuild i) {
        return asWritten(i);
    }

    @Override
    public String unknown(Instruction.Unknown i) {
        return asWritten(i);
    }

    private static String asWritten(Instruction in) {
        return in.meta().text().replaceAll("\\s*\\n\\s*", " ");
    }

    private static String excludes(List<String> patterns) {
        StringBuilder b = new StringBuilder();
        patterns.forEach(p -> b.append("--exclude=").append(p).append(' '));
        return b.toString();
    }

    private static String inlineNames(List<Heredoc> docs) {
        StringBuilder b = new StringBuilder();
        for (Heredoc h : docs) {
            b.append(" <<").append(h.name());
        }
        return b.toString();
    }

    @SafeVarargs
    private static String flags(Optional<String>... flags) {
        StringBuilder b = new StringBuilder();
        for (Optional<String> f : flags) {
            f.ifPresent(v -> b.append(v).append(' '));
        }
        return b.toString();
    }
}
