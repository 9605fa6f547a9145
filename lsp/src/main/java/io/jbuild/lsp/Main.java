package io.jbuild.lsp;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * Runs the language server over standard input and output, alone ({@code java -cp ... io.jbuild.lsp.Main}) or as
 * {@code jbuild lsp}. Exit code 0 after {@code shutdown} and {@code exit}, 1 when the client went away without them.
 */
public final class Main {

    private static final int WARM_UP_ROUNDS = 12;
    private static final long WARM_UP_MILLIS = 3000;
    private static final long WARM_UP_GRACE_MILLIS = 100;
    private static final int WARM_UP_PARTS = 20;
    private static final int PREPARE_ROUNDS = 8;
    private static final int PREPARE_PARTS = 5;
    private static final long BUILD_BY_MILLIS = 2000;

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
        return run(in, out, ImageNames.NONE);
    }

    /** As {@link #run(InputStream, OutputStream)}, completing image names from {@code images}. */
    public static int run(InputStream in, OutputStream out, ImageNames images) {
        PrintStream stdout = System.out;
        if (out == stdout) {
            // a stray print would corrupt the protocol stream
            System.setOut(new PrintStream(System.err, true, StandardCharsets.UTF_8));
        }
        DockerfileLanguageServer server = new DockerfileLanguageServer(images);
        ClientOutput client = new ClientOutput(out);
        // LSP4J's launcher is built on a second thread while the first messages are served here (EarlyMessages) and
        // the first diagnostics are written by hand (EarlyDiagnostics); it reads the input only once it listens, after
        // them. It is built once the first diagnostics are out, or when no document is open to lint (see warmUp and
        // below), or after BUILD_BY_MILLIS at the latest (a lint of a huge file).
        CompletableFuture<Void> build = new CompletableFuture<>();
        warmUp(server::anyOpen, server.initializeCalled(), build);
        server.publishEarly(client).firstPublished().thenRun(() -> build.complete(null));
        build.completeOnTimeout(null, BUILD_BY_MILLIS, TimeUnit.MILLISECONDS);
        Handoff input = new Handoff();
        CompletableFuture<Launcher<LanguageClient>> built = new CompletableFuture<>();
        Thread builder = new Thread(() -> {
            try {
                build.join();
                Launcher<LanguageClient> l = LSPLauncher.createServerLauncher(server, input, client);
                server.connect(l.getRemoteProxy());
                built.complete(l);
            } catch (RuntimeException | Error e) {
                built.completeExceptionally(e);
            }
        }, "jbuild-lsp-launcher");
        builder.setDaemon(true);
        builder.start();
        input.from(new EarlyMessages(server, client).serve(new BufferedInputStream(in)));
        if (!server.anyOpen()) {
            build.complete(null); // a message for LSP4J (or the end of the input), and no lint to wait for
        }
        Launcher<LanguageClient> launcher;
        try {
            launcher = built.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.setOut(stdout);
            return 1;
        } catch (ExecutionException e) {
            System.setOut(stdout);
            return 1;
        }
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
     * Runs what a change runs (parse, rules, the LSP diagnostics) on a synthetic document on a second thread, several
     * rounds, so that the first real lints find the classes loaded and the hot code compiled rather than interpreted
     * (a cold lint of 1,000 lines took 1 s, a warm one under 0.1 s), for a client that starts the server before it
     * opens a document. It starts {@link #WARM_UP_GRACE_MILLIS} after the answer to {@code initialize}, and only when
     * no document is open by then: editors that start the server for a file open it at once, and its lint, which
     * starts then (see {@link EarlyMessages}), had to share the machine's cores with the warm-up (start-up to the
     * first diagnostics 547 -> 505 ms without it, 10 runs each under {@code chrt}). It stops after
     * {@link #WARM_UP_ROUNDS} or {@link #WARM_UP_MILLIS}, or once a document is open. When it starts, LSP4J's launcher
     * is built too ({@code build}): there are no first diagnostics to wait for.
     */
    private static void warmUp(BooleanSupplier opened, CompletableFuture<Void> initialized,
            CompletableFuture<Void> build) {
        Thread t = new Thread(() -> {
            try {
                // until the first document comes: the JVM reads and answers initialize on the other thread meanwhile
                TextDocument small = new TextDocument("untitled:prepare", 1, warmUpText(PREPARE_PARTS));
                for (int i = 0; i < PREPARE_ROUNDS && !opened.getAsBoolean(); i++) {
                    Diagnostics.of(Analysis.of(small, ServerSettings.NONE));
                }
                try {
                    initialized.get(WARM_UP_MILLIS, TimeUnit.MILLISECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    // warm up all the same
                }
                Thread.sleep(WARM_UP_GRACE_MILLIS);
                if (!opened.getAsBoolean()) {
                    build.complete(null); // no first diagnostics to wait for
                }
                TextDocument d = new TextDocument("untitled:warm-up", 1, warmUpText(WARM_UP_PARTS));
                long until = System.nanoTime() + WARM_UP_MILLIS * 1_000_000;
                for (int i = 0; i < WARM_UP_ROUNDS && System.nanoTime() < until && !opened.getAsBoolean(); i++) {
                    Diagnostics.of(Analysis.of(d, ServerSettings.NONE));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | StackOverflowError e) {
                // only a head start
            }
        }, "jbuild-lsp-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /**
     * 10 lines a part (200 lines for the warm-up) of the usual kinds: stages, ARG and ENV, RUN with continuations,
     * COPY --from, LABEL, and a finding.
     */
    private static String warmUpText(int parts) {
        StringBuilder b = new StringBuilder("# syntax=docker/dockerfile:1\nARG BASE=debian:12\nFROM $BASE AS build\n");
        for (int i = 0; i < parts; i++) {
            b.append("ARG V").append(i).append("=1.").append(i).append('\n')
                    .append("ENV P").append(i).append("=/opt/p").append(i).append(" Q").append(i).append("=$V")
                    .append(i).append('\n')
                    .append("RUN apt-get update && apt-get install -y --no-install-recommends pkg").append(i)
                    .append("=${V").append(i).append("} \\\n    && rm -rf /var/lib/apt/lists/*\n")
                    .append("WORKDIR /src/").append(i).append('\n')
                    .append("COPY src").append(i).append("/ ./\n")
                    .append("RUN cd /src && make -C /src/").append(i).append(" all | tee log\n")
                    .append("LABEL org.example.part").append(i).append("=\"").append(i).append("\"\n");
            if (i % 5 == 4) {
                b.append("FROM build AS stage").append(i).append('\n')
                        .append("COPY --from=build /src/").append(i).append(" /out/").append(i).append('\n')
                        .append("CMD [\"sh\", \"-c\", \"run\"]\n");
            }
        }
        return b.toString();
    }

    /** An input stream that reads from one given later, before anything reads it. */
    private static final class Handoff extends InputStream {
        private volatile InputStream from = InputStream.nullInputStream();

        void from(InputStream in) {
            from = in;
        }

        @Override
        public int read() throws IOException {
            return from.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return from.read(b, off, len);
        }

        @Override
        public int available() throws IOException {
            return from.available();
        }

        @Override
        public void close() throws IOException {
            from.close();
        }
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
