package io.jbuild.grammar.ast;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One Dockerfile instruction, with its arguments as written (unexpanded: variables and quotes are
 * resolved by the build plan, which knows the ARG and ENV values in scope).
 */
public sealed interface Instruction {

    Meta meta();

    /** The upper-case instruction name, for example {@code COPY}. */
    default String name() {
        return getClass().getSimpleName().toUpperCase(Locale.ROOT);
    }

    record From(Meta meta, String image, Optional<String> stageName, Optional<String> platform) implements Instruction {
    }

    record Run(Meta meta, CommandLine command, List<Heredoc> heredocs, List<String> mounts,
               Optional<String> network, Optional<String> security, List<String> devices) implements Instruction {
        public Run {
            heredocs = List.copyOf(heredocs);
            mounts = List.copyOf(mounts);
            devices = List.copyOf(devices);
        }
    }

    /** CMD with no arguments at all has an empty exec form, as in BuildKit. */
    record Cmd(Meta meta, CommandLine command) implements Instruction {
    }

    /** An empty ENTRYPOINT (absent command) clears the inherited one. */
    record Entrypoint(Meta meta, Optional<CommandLine> command) implements Instruction {
    }

    record Shell(Meta meta, List<String> shell) implements Instruction {
        public Shell {
            shell = List.copyOf(shell);
        }
    }

    record Env(Meta meta, List<KeyValue> variables) implements Instruction {
        public Env {
            variables = List.copyOf(variables);
        }
    }

    record Label(Meta meta, List<KeyValue> labels) implements Instruction {
        public Label {
            labels = List.copyOf(labels);
        }
    }

    record Arg(Meta meta, List<ArgDeclaration> declarations) implements Instruction {
        public Arg {
            declarations = List.copyOf(declarations);
        }
    }

    /** Sources that are heredoc markers are in {@code inlineSources}, the rest in {@code sources}. */
    record Copy(Meta meta, List<String> sources, List<Heredoc> inlineSources, String destination,
                Optional<String> from, Optional<String> chown, Optional<String> chmod, boolean link,
                boolean parents, List<String> excludes) implements Instruction {
        public Copy {
            sources = List.copyOf(sources);
            inlineSources = List.copyOf(inlineSources);
            excludes = List.copyOf(excludes);
        }
    }

    record Add(Meta meta, List<String> sources, List<Heredoc> inlineSources, String destination,
               Optional<String> chown, Optional<String> chmod, boolean link, Optional<Boolean> keepGitDir,
               Optional<String> checksum, Optional<Boolean> unpack, List<String> excludes) implements Instruction {
        public Add {
            sources = List.copyOf(sources);
            inlineSources = List.copyOf(inlineSources);
            excludes = List.copyOf(excludes);
        }
    }

    record Workdir(Meta meta, String path) implements Instruction {
    }

    record User(Meta meta, String user) implements Instruction {
    }

    record Expose(Meta meta, List<String> ports) implements Instruction {
        public Expose {
            ports = List.copyOf(ports);
        }
    }

    record Volume(Meta meta, List<String> paths) implements Instruction {
        public Volume {
            paths = List.copyOf(paths);
        }
    }

    record StopSignal(Meta meta, String signal) implements Instruction {
    }

    record Healthcheck(Meta meta, HealthcheckSpec spec) implements Instruction {
    }

    /** Deprecated by Docker, still accepted: it sets the image's author field. */
    record Maintainer(Meta meta, String maintainer) implements Instruction {
    }

    /** A trigger stored in the image and run when another build uses it as a base. */
    record Onbuild(Meta meta, Instruction trigger) implements Instruction {
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
    }
}
