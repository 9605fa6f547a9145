package io.jbuild.differential;

import io.jbuild.cli.CliRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * jbuild, in process through its command line ({@code jbuild load}, {@code jbuild tag},
 * {@code jbuild build --no-cache -o type=docker,dest=FILE}) into a store of its own.
 */
final class JbuildBuilder implements Builder {

    private final Path store;

    JbuildBuilder(Path store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "jbuild";
    }

    @Override
    public void loadBase(Path archive, String archivedName, String name) throws IOException {
        check(CliRunner.run("load", "-q", "-i", archive.toString(), "--root", store.toString()));
        check(CliRunner.run("tag", archivedName, name, "--root", store.toString()));
    }

    @Override
    public Build build(CaseSpec spec, Path context, Path archive, Path log) throws IOException {
        List<String> args = new ArrayList<>(List.of("build", "--root", store.toString(), "--no-cache"));
        args.addAll(spec.fileArgs());
        args.addAll(List.of("-t", spec.tag(), "-o", "type=docker,dest=" + archive));
        spec.buildArgs().forEach((k, v) -> args.addAll(List.of("--build-arg", k + "=" + v)));
        spec.target().ifPresent(t -> args.addAll(List.of("--target", t)));
        args.add(context.toString());
        long t0 = System.nanoTime();
        CliRunner.Outcome o = CliRunner.run(args.toArray(String[]::new));
        Duration time = Duration.ofNanos(System.nanoTime() - t0);
        String output = o.out() + o.err();
        Files.createDirectories(log.getParent());
        Files.writeString(log, output, StandardCharsets.UTF_8);
        return new Build(o.exitCode() == 0, output, time);
    }

    private static void check(CliRunner.Outcome o) throws IOException {
        if (o.exitCode() != 0) {
            throw new IOException("jbuild failed (exit " + o.exitCode() + "): " + o.err().strip());
        }
    }
}
