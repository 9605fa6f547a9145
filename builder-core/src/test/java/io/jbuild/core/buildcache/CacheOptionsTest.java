package io.jbuild.core.buildcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbuild.grammar.reference.ImageReference;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code --cache-to} / {@code --cache-from} values, read with buildx's and BuildKit's names and defaults. */
class CacheOptionsTest {

    @Test
    void registryTargetsDefaultToModeMinAndLatest() {
        CacheTarget t = CacheTarget.parse("type=registry,ref=127.0.0.1:5000/app/cache");
        assertThat(t).isEqualTo(new CacheTarget.Registry(
                ImageReference.parse("127.0.0.1:5000/app/cache:latest"), CacheMode.MIN,
                false));
        CacheTarget max = CacheTarget.parse("type=registry,ref=r.example/c:1,mode=max,ignore-error=true,"
                + "oci-mediatypes=true");
        assertThat(max.mode()).isEqualTo(CacheMode.MAX);
        assertThat(max.ignoreError()).isTrue();
    }

    @Test
    void aBareValueIsARegistryReference() {
        assertThat(CacheSource.parse("r.example/c:1")).isInstanceOf(CacheSource.Registry.class)
                .hasToString("r.example/c:1");
    }

    @Test
    void localCachesNeedTheirDirectory() {
        assertThat(CacheSource.parse("type=local,src=/tmp/c")).isEqualTo(new CacheSource.Local(Path.of("/tmp/c"),
                "latest", null));
        assertThat(CacheTarget.parse("type=local,dest=/tmp/c,tag=v1")).isEqualTo(new CacheTarget.Local(
                Path.of("/tmp/c"), "v1", CacheMode.MIN, false));
        assertThatThrownBy(() -> CacheTarget.parse("type=local,src=/tmp/c"))
                .hasMessage("invalid --cache-to \"type=local,src=/tmp/c\": unknown attribute \"src\" for type=local"
                        + " (use dest, tag, mode, ignore-error, mounts)");
        assertThatThrownBy(() -> CacheSource.parse("type=local"))
                .hasMessage("invalid --cache-from \"type=local\": local cache importer requires src");
    }

    @Test
    void cacheMountsAreOneIdAFieldRepeatable() {
        assertThat(CacheTarget.parse("type=registry,ref=r/c,mounts=m2,mode=max,mounts=/root/.npm;x,mounts=m2")
                .mounts()).containsExactly("m2", "/root/.npm;x");
        assertThat(CacheTarget.parse("type=local,dest=/tmp/c,mounts=m2").mounts()).containsExactly("m2");
        assertThat(CacheTarget.parse("type=registry,ref=r/c").mounts()).isEmpty();
        assertThatThrownBy(() -> CacheTarget.parse("type=registry,ref=r/c,mounts="))
                .hasMessage("invalid --cache-to \"type=registry,ref=r/c,mounts=\": mounts= needs a cache mount id");
        assertThatThrownBy(() -> CacheTarget.parse("type=inline,mounts=m2"))
                .hasMessageEndingWith("unknown attribute \"mounts\" for type=inline (use mode)");
        assertThatThrownBy(() -> CacheSource.parse("type=registry,ref=r/c,mounts=m2"))
                .hasMessageEndingWith("unknown attribute \"mounts\" for type=registry (use ref)");
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> CacheTarget.parse("type=registry,ref=r/c,mode=all"))
                .hasMessage("invalid --cache-to \"type=registry,ref=r/c,mode=all\": invalid cache mode: all"
                        + " (use min or max)");
        assertThatThrownBy(() -> CacheTarget.parse("type=registry,ref=r/c,ignore-error=maybe"))
                .hasMessageEndingWith("invalid ignore-error value \"maybe\": use true or false");
        assertThatThrownBy(() -> CacheTarget.parse("type=gha,scope=x"))
                .hasMessage("invalid --cache-to \"type=gha,scope=x\": unknown cache exporter: \"gha\""
                        + " (use registry, local or inline)");
        assertThat(CacheTarget.parse("type=inline")).isEqualTo(new CacheTarget.Inline());
        assertThatThrownBy(() -> CacheTarget.parse("type=inline,mode=max"))
                .hasMessageEndingWith("an inline cache holds only the image's own steps (mode=min)");
        assertThatThrownBy(() -> CacheSource.parse("ref=r/c")).hasMessage("invalid --cache-from: type required"
                + " form> \"ref=r/c\"");
        assertThatThrownBy(() -> CacheSource.parse("type=registry,r/c"))
                .hasMessage("invalid --cache-from \"type=registry,r/c\": invalid value r/c");
        assertThatThrownBy(() -> CacheTarget.parse("type=registry")).hasMessageEndingWith("registry cache requires ref");
        assertThatThrownBy(() -> CacheTarget.parse("type=registry,ref=Bad:Ref!"))
                .hasMessageStartingWith("invalid --cache-to \"type=registry,ref=Bad:Ref!\": ref ");
    }
}
