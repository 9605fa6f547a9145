package io.jbuild.cli.lsp;

import io.jbuild.cli.image.StoreOptions;
import io.jbuild.core.store.StoreLocation;
import io.jbuild.lsp.Main;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jbuild lsp}: the Dockerfile language server (module {@code lsp}) on standard input and output. */
@Command(name = "lsp",
        mixinStandardHelpOptions = true,
        description = {
            "Run the Dockerfile language server (LSP) on standard input and output,",
            "for an editor to start: diagnostics from jbuild lint's rules, quick fixes,",
            "formatting, outline, folding, hover, completion (with the image names of",
            "the local store), definitions, references.",
            "Configuration as for jbuild lint --context: a .jbuild-lint.yaml or",
            ".hadolint.yaml beside the Dockerfile or in the workspace, and its",
            ".dockerignore. The client's initializationOptions may give",
            "{\"config\": FILE, \"buildArgs\": {NAME: VALUE}}.",
            "Exit code 0 after the client's shutdown and exit, 1 without them."})
public final class LspCommand implements Callable<Integer> {

    @Option(names = "--stdio", description = "Standard input and output: the only transport (clients pass it).")
    boolean stdio;

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() {
        return Main.run(System.in, System.out, new StoreImageNames(StoreLocation.resolve(store.root())));
    }
}
