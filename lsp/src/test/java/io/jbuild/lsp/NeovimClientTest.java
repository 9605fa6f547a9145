package io.jbuild.lsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real editor as the client: Neovim (Debian's 0.7, installed by .ci/run) headless, with its built-in LSP client
 * started by {@code nvim/lsp-test.lua}, opens a Dockerfile of {@code testdata/}, gets the diagnostics, applies a
 * quick fix and formatting, and writes the file; the test reads the file and the diagnostics Neovim saw.
 */
class NeovimClientTest {

    private static final Path NVIM = Path.of("/usr/bin/nvim");

    @TempDir
    Path dir;

    @Test
    void neovimGetsDiagnosticsAppliesAQuickFixAndFormatting() throws Exception {
        assumeTrue(Files.isExecutable(NVIM), "neovim is installed by .ci/run");
        Path testdata = Path.of(System.getProperty("jbuild.testdata.dir", "../testdata"));
        Path dockerfile = dir.resolve("Dockerfile");
        Files.copy(testdata.resolve("hello-debian/Dockerfile"), dockerfile);
        Path init = dir.resolve("lsp-test.lua");
        try (InputStream in = NeovimClientTest.class.getResourceAsStream("/nvim/lsp-test.lua")) {
            Files.write(init, in.readAllBytes());
        }
        Path out = Files.createDirectory(dir.resolve("out"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String server = String.join("\n", List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));

        ProcessBuilder pb = new ProcessBuilder(NVIM.toString(), "--headless", "-n", "-i", "NONE", "-u", init.toString(),
                dockerfile.toString()).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("nvim.log").toFile()).redirectInput(new File("/dev/null"));
        pb.environment().put("JBUILD_NVIM_OUT", out.toString());
        pb.environment().put("JBUILD_FIX_RULE", "LegacyKeyValueFormat");
        pb.environment().put("JBUILD_LSP_CMD", server);
        pb.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        pb.environment().put("XDG_DATA_HOME", dir.resolve("data").toString());
        pb.environment().put("XDG_STATE_HOME", dir.resolve("state").toString());
        pb.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        Process nvim = pb.start();
        if (!nvim.waitFor(120, TimeUnit.SECONDS)) {
            nvim.destroyForcibly();
            throw new AssertionError("neovim did not finish within 120 s: " + read(dir.resolve("nvim.log")));
        }
        assertThat(read(out.resolve("status"))).as(read(dir.resolve("nvim.log"))).isEqualTo("ok");
        assertThat(read(out.resolve("diagnostics-before"))).isEqualTo("""
                DL3008 5:8-5:15
                LegacyKeyValueFormat 12:4-12:14
                """);
        assertThat(read(out.resolve("actions"))).isEqualTo("""
                Use ENV key=value
                Ignore LegacyKeyValueFormat on this line
                Ignore LegacyKeyValueFormat in this file
                """);
        // the quick fix (ENV key=value) and formatting (four spaces before a continuation line) are in the file
        assertThat(read(dockerfile)).isEqualTo(read(testdata.resolve("hello-debian/Dockerfile"))
                .replace("        python3 \\\n", "    python3 \\\n").replace("ENV my_ver 1.0\n", "ENV my_ver=1.0\n"));
        assertThat(read(out.resolve("diagnostics-after"))).isEqualTo("DL3008 5:4-5:11\n");
    }

    private static String read(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "(no " + p.getFileName() + ")";
    }
}
