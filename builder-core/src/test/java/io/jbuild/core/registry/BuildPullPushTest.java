package io.jbuild.core.registry;

import io.jbuild.grammar.shell.DefaultPath;
import static org.assertj.core.api.Assertions.assertThat;

import io.jbuild.core.build.BuildListener;
import io.jbuild.core.build.BuildRequest;
import io.jbuild.core.build.ImageBuilder;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.core.store.ImageStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A build whose base image is only in a registry pulls it, as docker build does; --pull pulls it again. */
class BuildPullPushTest {

    @RegisterExtension
    static final LocalRegistry REGISTRY = LocalRegistry.open();

    @TempDir
    Path tmp;

    @Test
    void missingBaseImageIsPulledFromItsRegistry() throws Exception {
        Path ctx = Files.createDirectories(tmp.resolve("base"));
        Files.writeString(ctx.resolve("base.txt"), "base");
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nCOPY base.txt /\nENV FROM_BASE=1\n");
        String ref = REGISTRY.host() + "/team/base:1";
        ImageStore publisher = ImageStore.open(tmp.resolve("publisher"));
        new ImageBuilder(publisher, null, 1).build(BuildRequest.builder(ctx).tags(List.of(ref)).build(),
                BuildListener.SILENT);
        new ImagePusher(publisher, RegistryOptions.defaults()).push(ImageReference.parse(ref), new TransferListener() { });

        Path app = Files.createDirectories(tmp.resolve("app"));
        Files.writeString(app.resolve("Dockerfile"), "FROM " + ref + "\nENV APP=1\n");
        ImageStore consumer = ImageStore.open(tmp.resolve("consumer"));
        new ImageBuilder(consumer, null, 1).build(BuildRequest.builder(app).tags(List.of("app:1")).build(),
                BuildListener.SILENT);
        assertThat(consumer.resolve("app:1").config().config().env()) // the base is FROM scratch: it has a PATH
                .containsExactly(DefaultPath.ENTRY, "FROM_BASE=1", "APP=1");
        assertThat(consumer.lookup(ImageReference.parse(ref))).isPresent();

        // --pull takes the registry's newer image even though the store has one.
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nCOPY base.txt /\nENV FROM_BASE=2\n");
        new ImageBuilder(publisher, null, 1).build(BuildRequest.builder(ctx).tags(List.of(ref)).build(),
                BuildListener.SILENT);
        new ImagePusher(publisher, RegistryOptions.defaults()).push(ImageReference.parse(ref), new TransferListener() { });
        new ImageBuilder(consumer, null, 1).build(BuildRequest.builder(app).tags(List.of("app:2")).build(),
                BuildListener.SILENT);
        assertThat(consumer.resolve("app:2").config().config().env()).contains("FROM_BASE=1");
        new ImageBuilder(consumer, null, 1).build(BuildRequest.builder(app).tags(List.of("app:3")).pull(true).build(),
                BuildListener.SILENT);
        assertThat(consumer.resolve("app:3").config().config().env()).contains("FROM_BASE=2");
    }
}
