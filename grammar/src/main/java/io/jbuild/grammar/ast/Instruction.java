package io.jbuild.grammar.ast;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One Dockerfile instruction, with its arguments as written (unexpanded: variables and quotes are
 * resolved by the build plan, which knows the ARG and ENV values in scope).
 *
 * <p>Each record is the one home of what every reader needs to know about its instruction: which of its words are
 * expanded ({@link #expand}, BuildKit's {@code Expand}) and how it is dispatched ({@link #accept}). Code that
 * treats each instruction its own way implements {@link Visitor}: Java 17 has no pattern {@code switch} over a
 * sealed type, and a visitor's abstract methods make the compiler name every such place when an instruction is
 * added.
 */
public sealed interface Instruction {

    Meta meta();

    /** The upper-case instruction name, for example {@code COPY}. */
    default String name() {
        return getClass().getSimpleName().toUpperCase(Locale.ROOT);
    }

    /** Hands the instruction, typed, to the visitor's method for it. */
    <R, X extends Exception> R accept(Visitor<R, X> visitor) throws X;

    /**
     * The instruction with every word BuildKit expands replaced through {@code x}; the others (RUN's command and
     * here-documents, CMD, ENTRYPOINT, SHELL, HEALTHCHECK, ONBUILD, MAINTAINER, COPY --from and --exclude) stay as
     * written: a shell, a later build or the stage graph reads them. ARG defaults are scoped one declaration after
     * the other, so the planner expands each declaration on its own (an ARG of one declaration).
     */
    <X extends Exception> Instruction expand(WordExpansion<X> x) throws X;

    /** One method per instruction: adding a record here fails the build of every visitor until it handles it. */
    interface Visitor<R, X extends Exception> {
        R from(From i) throws X;

        R run(Run i) throws X;

        R cmd(Cmd i) throws X;

        R entrypoint(Entrypoint i) throws X;

        R shell(Shell i) throws X;

        R env(Env i) throws X;

        R label(Label i) throws X;

        R arg(Arg i) throws X;

        R copy(Copy i) throws X;

        R add(Add i) throws X;

        R workdir(Workdir i) throws X;

        R user(User i) throws X;

        R expose(Expose i) throws X;

        R volume(Volume i) throws X;

        R stopSignal(StopSignal i) throws X;

        R healthcheck(Healthcheck i) throws X;

        R maintainer(Maintainer i) throws X;

        R onbuild(Onbuild i) throws X;

        R unknown(Unknown i) throws X;
    }

    /**
     * COPY and ADD: what both have, so that their shared steps (the copy, its cache key, its history line) take
     * either without a cast.
     */
    sealed interface FileCopy extends Instruction {
        List<String> sources();

        /** Sources that are here-documents. */
        List<Heredoc> inlineSources();

        String destination();

        Optional<String> chown();

        Optional<String> chmod();

        boolean link();

        List<String> excludes();

        /** Only COPY copies from another stage or image. */
        Optional<String> from();

        /** Whether BuildKit merges it as a {@code --link} layer: only without {@code --chmod}. */
        default boolean linked() {
            return link() && chmod().isEmpty();
        }
    }

    record From(Meta meta, String image, Optional<String> stageName, Optional<String> platform) implements Instruction {

        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
            return v.from(this);
        }

        @Override
        public <X extends Exception> From expand(WordExpansion<X> x) throws X {
            return new From(meta, x.word(image), stageName, Words.optional(platform, x)); // with the global ARGs
        }
    }

    record Run(Meta meta, CommandLine command, List<Heredoc> heredocs, List<String> mounts,
               Optional<String> network, Optional<String> security, List<String> devices) implements Instruction {
        public Run {
            heredocs = List.copyOf(heredocs);
            mounts = List.copyOf(mounts);
            devices = List.copyOf(devices);
        }

        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
            return v.run(this);
        }

        @Override
        public <X extends Exception> Run expand(WordExpansion<X> x) throws X {
            return new Run(meta, command, heredocs, Words.each(mounts, x), network, security, devices);
        }
    }

    /** CMD with no arguments at all has an empty exec form, as in BuildKit. */
    record Cmd(Meta meta, CommandLine command) implements Instruction {

        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
            return v.cmd(this);
        }

        @Override
        public <X extends Exception> Cmd expand(WordExpansion<X> x) throws X {
            return this;
        }
    }

    /** An empty ENTRYPOINT (absent command) clears the inherited one. */
    record Entrypoint(Meta meta, Optional<CommandLine> command) implements Instruction {

        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
            return v.entrypoint(this);
        }

        @Override
        public <X extends Exception> Entrypoint expand(WordExpansion<X> x) throws X {
            return this;
        }
    }

    record Shell(Meta meta, List<String> shell) implements Instruction {
        public Shell {
            shell = List.copyOf(shell);
        }

        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
            return v.shell(this);
        }

        @Override
        public <X extends Exception> Shell expand(WordExpansion<X> x) throws X {
            return this;
        }
    }

    record Env(Meta meta, List<KeyValue> variables) implements Instruction {
        public Env {
            variables = List.copyOf(variables);
        }

        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
            return v.env(this);
        }

        @Override
        public <X extends Exception> Env expand(WordExpansion<X> x) throws X {
            return new Env(meta, Words.pairs(variables, x));
        }
    }

    record Label(Meta meta, List<KeyValue> labels) implements Instruction {
        public Label {
            labels = List.copyOf(labels);
        }

        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
            return v.label(this);
        }

        @Override
        public <X extends Exception> Label expand(WordExpansion<X> x) throws X {
            return new Label(meta, Words.pairs(labels, x));
        }
    }

    record Arg(Meta meta, List<ArgDeclaration> declarations) implements Instruction {
        public Arg {
            declarations = List.copyOf(declarations);
        }

        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
            return v.arg(this);
        }

        @Override
        public <X extends Exception> Arg expand(WordExpansion<X> x) throws X {
            List<ArgDeclaration> out = new ArrayList<>();
            for (ArgDeclaration d : declarations) {
                out.add(new ArgDeclaration(d.name(), Words.optional(d.defaultValue(), x)));
            }
            return new Arg(meta, out);
        }
    }

    /** Sources that are heredoc markers are in {@code inlineSources}, the rest in {@code sources}. */
    record Copy(Meta meta, List<String> sources, List<Heredoc> inlineSources, String destination,
                Optional<String> from, Optional<String> chown, Optional<String> chmod, boolean link,
                boolean parents, List<String> excludes) implements FileCopy {
        public Copy {
            sources = List.copyOf(sources);
            inlineSources = List.copyOf(inlineSources);
            excludes = List.copyOf(excludes);
        }

        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
            return v.copy(this);
        }

        @Override
        public <X extends Exception> Copy expand(WordExpansion<X> x) throws X {
            return new Copy(meta, Words.each(sources, x), Words.heredocs(inlineSources, x), x.word(destination), from,
                    Words.optional(chown, x), Words.optional(chmod, x), link, parents, excludes);
        }
    }

    record Add(Meta meta, List<String> sources, List<Heredoc> inlineSources, String destination,
               Optional<String> chown, Optional<String> chmod, boolean link, Optional<Boolean> keepGitDir,
               Optional<String> checksum, Optional<Boolean> unpack, List<String> excludes) implements FileCopy {
        public Add {
            sources = List.copyOf(sources);
            inlineSources = List.copyOf(inlineSources);
            excludes = List.copyOf(excludes);
        }

        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
            return v.add(this);
        }

        @Override
        public <X extends Exception> Add expand(WordExpansion<X> x) throws X {
            return new Add(meta, Words.each(sources, x), Words.heredocs(inlineSources, x), x.word(destination),
                    Words.optional(chown, x), Words.optional(chmod, x), link, keepGitDir, Words.optional(checksum, x),
                    unpack, excludes);
        }

        @Override
        public Optional<String> from() {
            return Optional.empty();
        }
    }

    record Workdir(Meta meta, String path) implements Instruction {

        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
            return v.workdir(this);
        }

        @Override
        public <X extends Exception> Workdir expand(WordExpansion<X> x) throws X {
            return new Workdir(meta, x.word(path));
        }
    }

    record User(Meta meta, String user) implements Instruction {

        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
            return v.user(this);
        }

        @Override
        public <X extends Exception> User expand(WordExpansion<X> x) throws X {
            return new User(meta, x.word(user));
        }
    }

    record Expose(Meta meta, List<String> ports) implements Instruction {
        public Expose {
            ports = List.copyOf(ports);
        }

        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
            return v.expose(this);
        }

        @Override
        public <X extends Exception> Expose expand(WordExpansion<X> x) throws X {
            List<String> out = new ArrayList<>();
            for (String p : ports) {
                out.addAll(x.words(p));
            }
            return new Expose(meta, out);
        }
    }

    record Volume(Meta meta, List<String> paths) implements Instruction {
        public Volume {
            paths = List.copyOf(paths);
        }

        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
            return v.volume(this);
        }

        @Override
        public <X extends Exception> Volume expand(WordExpansion<X> x) throws X {
            return new Volume(meta, Words.each(paths, x));
        }
    }

    record StopSignal(Meta meta, String signal) implements Instruction {

        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
            return v.stopSignal(this);
        }

        @Override
        public <X extends Exception> StopSignal expand(WordExpansion<X> x) throws X {
            return new StopSignal(meta, x.word(signal));
        }
    }

    record Healthcheck(Meta meta, HealthcheckSpec spec) implements Instruction {

        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
            return v.healthcheck(this);
        }

        @Override
        public <X extends Exception> Healthcheck expand(WordExpansion<X> x) throws X {
            return this;
        }
    }

    /** Deprecated by Docker, still accepted: it sets the image's author field. */
    record Maintainer(Meta meta, String maintainer) implements Instruction {

        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
            return v.maintainer(this);
        }

        @Override
        public <X extends Exception> Maintainer expand(WordExpansion<X> x) throws X {
            return this;
        }
    }

    /** A trigger stored in the image and run when another build uses it as a base. */
    record Onbuild(Meta meta, Instruction trigger) implements Instruction {

        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
            return v.onbuild(this);
        }

        @Override
        public <X extends Exception> Onbuild expand(WordExpansion<X> x) throws X {
            return this;
        }
    }

    /** An instruction word that Docker does not know; always comes with an error diagnostic. */
    record Unknown(Meta meta, List<String> arguments) implements Instruction {
        public Unknown {
            arguments = List.copyOf(arguments);
        }

        @Override
        public String name() {
            return meta.keyword().toUpperCase(Locale.ROOT);
        }

        @Override
        public <R, X extends Exception> R accept(Visitor<R, X> v) throws X {
            return v.unknown(this);
        }

        @Override
        public <X extends Exception> Unknown expand(WordExpansion<X> x) throws X {
            return this;
        }
    }
}
