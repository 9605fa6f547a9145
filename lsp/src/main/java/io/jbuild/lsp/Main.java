package io.jbuild.lsp;

import io.jbuild.grammar.lint.LintOptions;
import io.jbuild.grammar.lint.Linter;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * Runs the language server over standard input and output, alone ({@code java -cp ... io.jbuild.lsp.Main}) or as
 * {@code jbuild lsp}. Exit code 0 after {@code shutdown} and {@code exit}, 1 when the client went away without them.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(System.in, System.out));
    }

    /**
     * Serves the client on {@code in}/{@code out} until it exits or closes the stream; returns the exit code. Nothing
     * else may write to {@code out}: standard output is redirected to standard error while the server runs.
     */
    public static int run(InputStream in, OutputStream out) {
        PrintStream stdout = System.out;
        if (out == stdout) {
            // a stray print would corrupt the protocol stream
            System.setOut(new PrintStream(System.err, true, StandardCharsets.UTF_8));
        }
        warmUp();
        DockerfileLanguageServer server = new DockerfileLanguageServer();
        Launcher<LanguageClient> launcher = LSPLauncher.createServerLauncher(server, in, out);
        server.connect(launcher.getRemoteProxy());
        Future<Void> listening = launcher.startListening();
        CompletableFuture<Object> ended = CompletableFuture.anyOf(server.exited(),
                CompletableFuture.runAsync(() -> waitFor(listening)));
        try {
            Object r = ended.get();
            return Boolean.TRUE.equals(r) ? 0 : 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (ExecutionException e) {
            return 1;
        } finally {
            listening.cancel(true);
            System.setOut(stdout);
        }
    }

    /**
     * Loads and runs the parser and the rules once on a second thread while LSP4J sets itself up and the client
     * initializes, so that the first diagnostics do not wait for them (class loading and first runs are most of it).
     */
    private static void warmUp() {
        Thread t = new Thread(() -> {
            try {
                Linter.standard().lint("FROM debian:12 AS b\nARG V=1\nENV P=/opt/$V\n"
                        + "RUN apt-get update && apt-get install -y curl\nCOPY --from=b /a /b\nCMD [\"sh\"]\n",
                        LintOptions.defaults());
            } catch (RuntimeException e) {
                // only a head start
            }
        }, "jbuild-lsp-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    private static void waitFor(Future<Void> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | CancellationException e) {
            // the stream ended or broke: the client is gone
        }
    }
}
