package io.jbuild.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbuild.grammar.ast.RunMount;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A parsed {@code --mount} as the host runs it; the parsing itself is the grammar's (its RunMountTest). */
class RunMountsTest {

    @Test
    void cacheMountsDefaultToTheirTargetAsIdAndSharedSharing() {
        ContainerMount m = RunMounts.toContainerMount(RunMount.parse("type=cache,target=/root/m2/../.m2/"), "/", null);
        assertThat(m).isEqualTo(new ContainerMount.Cache("/root/.m2", "/root/.m2", ContainerMount.Sharing.SHARED,
                false, 0755, 0, 0));
        // BuildKit cleans the target as written: a relative target gives a relative id.
        assertThat(RunMounts.toContainerMount(RunMount.parse("type=cache,target=m2/../.m2/"), "/root", null))
                .isEqualTo(new ContainerMount.Cache("/root/.m2", ".m2", ContainerMount.Sharing.SHARED, false, 0755, 0,
                        0));
        assertThat(RunMounts.toContainerMount(
                RunMount.parse("type=cache,target=/x,id=m2,sharing=locked,mode=700,uid=1,gid=2"), "/", null))
                .isEqualTo(new ContainerMount.Cache("/x", "m2", ContainerMount.Sharing.LOCKED, false, 0700, 1, 2));
    }

    @Test
    void secretsGoToRunSecretsByDefaultReadableByRootOnly() {
        Path file = Path.of("/host/token");
        assertThat(RunMounts.toContainerMount(RunMount.parse("type=secret,id=token"), "/", file))
                .isEqualTo(new ContainerMount.Secret("/run/secrets/token", file, 0400, 0, 0));
        RunMount byTarget = RunMount.parse("type=secret,target=/root/.npmrc");
        assertThat(RunMounts.secretId(byTarget)).isEqualTo(".npmrc");
        assertThat(RunMounts.toContainerMount(byTarget, "/", file).target()).isEqualTo("/root/.npmrc");
        RunMount envOnly = RunMount.parse("type=secret,id=key,env=API_KEY");
        assertThat(RunMounts.secretTarget(envOnly)).isNull();
        assertThat(RunMounts.secretTarget(RunMount.parse("type=secret,id=key,env=API_KEY,target=/k"))).isEqualTo("/k");
    }

    @Test
    void relativeTargetsAreBelowTheWorkingDirectory() {
        assertThat(RunMounts.toContainerMount(RunMount.parse("type=tmpfs,target=scratch"), "/work", null))
                .isEqualTo(new ContainerMount.Tmpfs("/work/scratch", 0));
        assertThat(RunMounts.toContainerMount(RunMount.parse("target=src"), "/app", Path.of("/ctx")))
                .isEqualTo(new ContainerMount.Bind("/app/src", Path.of("/ctx"), true));
        assertThatThrownBy(() -> RunMounts.toContainerMount(RunMount.parse("type=tmpfs,target=.."), "/", null))
                .hasMessage("invalid mount target \"..\"");
        assertThatThrownBy(() -> RunMounts.toContainerMount(RunMount.parse("type=ssh"), "/", null))
                .hasMessageContaining("type=ssh is not supported yet");
    }
}
