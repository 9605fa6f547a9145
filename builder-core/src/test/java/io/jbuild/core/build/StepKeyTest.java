package io.jbuild.core.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.grammar.reference.Digest;
import io.jbuild.core.image.Platform;
import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.parser.DockerfileParser;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The step cache's keys are the users' cache entries: each way of making one is pinned to the digest the
 * engine has always written (computed from the key texts of the first cache versions, outside Java), so a change
 * to a key's text, which would orphan every entry made before, fails here first.
 */
class StepKeyTest {

    private static final Platform AMD64 = Platform.parse("linux/amd64");
    private static final StepKey SCRATCH = StepKey.scratch(AMD64);

    @Test
    void stageStartsAreKeyedByPlatformOrImageId() {
        assertThat(SCRATCH.hex()).isEqualTo("048cea675a49db586fc3f348f8d14d13696823ba4d67269e93f645d6e149a23c");
        assertThat(StepKey.image(Digest.parse("sha256:" + "a".repeat(64))).hex())
                .isEqualTo("449958b7dfd5ff6694850908503d26fb14ba7739af75ce6ef46f034382dbc59f");
    }

    @Test
    void eachInstructionChainsItsTextAndVariables() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("A", "1");
        env.put("B", "2");
        assertThat(SCRATCH.instruction("RUN echo hi", env).hex())
                .isEqualTo("bf8e633d6ee9f3dd2588103fc4a79af3f18cd9f1d7d1fac52f6986510b73e0bd");
    }

    @Test
    void workdirRunCopyAndLinkKeysKeepTheirBytes() {
        StepKey workdir = SCRATCH.workdir("/app", "root");
        assertThat(workdir.hex()).isEqualTo("3b63139057b1fe4cb0f11e66c8143133a7a6bdd4acc1bdcfd15b4680c13d36a8");
        assertThat(SCRATCH.run(new StepKey.RunInputs(List.of("/bin/sh", "-c", "echo hi"), "",
                List.of("type=cache,target=/c"), "bind context abc .\n", "default", "root", "/app", "")).hex())
                .isEqualTo("44eceb3b19858356c7f3797b020e5d8bdcf037309b661f4d9865be8ac3d2f6ce");
        assertThat(SCRATCH.run(new StepKey.RunInputs(List.of("/bin/sh", "-c", "echo hi"), "script", List.of(), "",
                "none", "", "/", "box")).hex())
                .isEqualTo("73043be96d11ad0ee0948235bcaa556d6f2ec3a2df506a09fc7f7c8cf3674a50");
        assertThat(SCRATCH.copiedContent("sha256:" + "b".repeat(64)).hex())
                .isEqualTo("d37604bd0cfe28e9f8c01e626f6b48a0b63ad4f85183013ac2c56c6e2001d717");
        assertThat(SCRATCH.link(workdir).hex())
                .isEqualTo("87d45ddd391a725bf39f1c194779daa89cb8302ff9ecb45631b9e7b883883569");
    }

    @Test
    void copyAndLinkStartKeysKeepTheirBytes() throws Exception {
        assertThat(SCRATCH.copy("COPY --chown=1:1 a b /d/", "heredoc x\nhi\ncontext sha256:" + "c".repeat(64) + "\n")
                .hex()).isEqualTo("312c476a22ae4a524bebd93bce2e4a457a577eec1d0a0896c82f9b3d55f4fa30");
        assertThat(StepKey.linkStart("/app").hex())
                .isEqualTo("b5364a925546e3e289a8c1ffe79cca2500cc285e746967778b3f662cfe043357");
        // CopyStep writes its key through StepKey.copy: an ADD of a checksummed URL and a heredoc, which need
        // no context, keyed as the engine always keyed them.
        Instruction.FileCopy add = (Instruction.FileCopy) DockerfileParser.parse(
                "FROM scratch\nADD --checksum=sha256:abc https://e.x/f <<x /d/\nhi\nx\n").dockerfile()
                .instructions().get(1);
        assertThat(CopyStep.key(add, SCRATCH, BuildRequest.of(Path.of("/nonexistent")), Path.of("/nonexistent"),
                name -> Optional.empty()).map(StepKey::hex))
                .contains("5d41e30e6320c6c273a8f397baea40b9fab38db054114bbbda0536e2d776f91c");
    }

    @Test
    void theImageKeyCoversLabelsPlatformEpochAndHistory() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("a", "b");
        labels.put("c", "d");
        assertThat(SCRATCH.image(labels, AMD64, Optional.of(Instant.EPOCH), 3).hex())
                .isEqualTo("03e29969b27b4b77e07d9d1688ea177c27638e029b23cf0dc46ae1c3a8ba396f");
        assertThat(SCRATCH.image(Map.of(), AMD64, Optional.empty(), 0).hex())
                .isEqualTo("0af8699a24ece2ab59e8184f99aaaa4852993d4226a437938be6338111d13574");
    }
}
