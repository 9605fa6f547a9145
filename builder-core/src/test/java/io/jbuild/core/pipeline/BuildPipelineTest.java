package io.jbuild.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbuild.core.build.BuildListener;
import io.jbuild.core.build.BuildRequest;
import io.jbuild.core.build.BuildResult;
import io.jbuild.core.export.Output;
import io.jbuild.core.store.ImageStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one order both front ends build in: build, then each output, then the push. */
class BuildPipelineTest {

    @TempDir
    Path tmp;
    Path ctx;
    ImageStore store;

    @BeforeEach
    void context() throws Exception {
        ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(ctx.resolve("a.txt"), "A");
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nCOPY a.txt /a.txt\n");
        store = ImageStore.open(tmp.resolve("store"));
    }

    @Test
    void buildsThenExportsThenPushes() throws Exception {
        Path rootfs = tmp.resolve("rootfs");
        List<String> events = new ArrayList<>();
        BuildRequest request = BuildRequest.builder(ctx).tags(List.of("pipe:1", "pipe:2")).build();
        BuildResult result = new BuildPipeline(store).run(request, BuildListener.SILENT,
                List.of(new Output.Local(rootfs)),
                new BuildPipeline.Report() {
                    @Override
                    public void built(BuildResult r) {
                        events.add("built " + r.tags() + " exported=" + Files.exists(rootfs.resolve("a.txt")));
                    }

                    @Override
                    public void exported(Output o) {
                        events.add("exported " + o);
                    }
                }, (tags, image, lenders) -> events.add("push " + tags + " exported=" + Files.readString(rootfs.resolve("a.txt"))));
        assertThat(events).containsExactly(
                "built [docker.io/library/pipe:1, docker.io/library/pipe:2] exported=false",
                "exported " + new Output.Local(rootfs),
                "push [docker.io/library/pipe:1, docker.io/library/pipe:2] exported=A");
        assertThat(store.resolve("pipe:1").imageId()).isEqualTo(result.imageId());
    }

    @Test
    void anUntaggedImageIsExportedByItsId() throws Exception {
        Path rootfs = tmp.resolve("rootfs");
        BuildResult result = new BuildPipeline(store).run(BuildRequest.of(ctx), BuildListener.SILENT,
                List.of(new Output.Local(rootfs)), BuildPipeline.SILENT);
        assertThat(result.tags()).isEmpty();
        assertThat(rootfs.resolve("a.txt")).hasContent("A");
    }

    @Test
    void aPushWithoutATagIsRefusedBeforeAnythingIsBuilt() throws Exception {
        assertThatThrownBy(() -> new BuildPipeline(store).run(BuildRequest.of(ctx), BuildListener.SILENT, List.of(),
                BuildPipeline.SILENT, (tags, image, lenders) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one tag");
        assertThat(store.list()).isEmpty();
    }
}
