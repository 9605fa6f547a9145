package io.jbuild.cli.lsp;

import io.jbuild.cli.image.StoreOptions;
import io.jbuild.core.store.StoreLocation;
import io.jbuild.lsp.Main;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
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

    /**
     * The command for {@code args} ({@code lsp} first) when they are only what editors pass ({@code --stdio},
     * {@code --root DIR}): {@code jbuild lsp} then starts without picocli, whose model of the command (its annotation
     * proxies, its converters) was a quarter of the time to the first diagnostics under load. Anything else (help, a
     * mistake) is for picocli to answer: empty.
     */
    public static Optional<LspCommand> plain(String... args) {
        Path root = null;
        try {
            for (int i = 1; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--stdio")) {
                    continue;
                }
                if (a.equals("--root") && i + 1 < args.length && !args[i + 1].isEmpty()) {
                    root = Path.of(args[++i]);
                } else if (a.startsWith("--root=") && a.length() > 7) {
                    root = Path.of(a.substring(7));
                } else {
                    return Optional.empty();
                }
            }
        } catch (InvalidPathException e) {
            return Optional.empty(); // picocli says what is wrong with it
        }
        LspCommand c = new LspCommand();
        c.store = StoreOptions.of(root);
        return Optional.of(c);
    }

    @Override
    public Integer call() {
        return Main.run(System.in, System.out, new StoreImageNames(StoreLocation.resolve(store.root())));
    }
}
