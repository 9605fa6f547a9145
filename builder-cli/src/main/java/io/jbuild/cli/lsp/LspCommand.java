package io.jbuild.cli.lsp;

import io.jbuild.lsp.Main;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jbuild lsp}: the Dockerfile language server (module {@code lsp}) on standard input and output. */
@Command(name = "lsp",
        mixinStandardHelpOptions = true,
        description = {
            "Run the Dockerfile language server (LSP) on standard input and output, for an editor to start.",
            "Diagnostics from jbuild lint's rules, quick fixes, formatting, outline, hover, completion, definitions.",
            "Configuration as for jbuild lint: .jbuild-lint.yaml or .hadolint.yaml beside the Dockerfile or in the",
            "workspace, its .dockerignore; the client's initializationOptions may name a config file and buildArgs.",
            "Exit code 0 after the client's shutdown and exit, 1 when it went away without them."})
public final class LspCommand implements Callable<Integer> {

    @Option(names = "--stdio", description = "Speak over standard input and output (the only transport; accepted "
            + "because clients pass it).")
    boolean stdio;

    @Override
    public Integer call() {
        return Main.run(System.in, System.out);
    }
}
