package io.jbuild.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jbuild.core.buildcache.CacheMode;
import io.jbuild.core.buildcache.CacheSource;
import io.jbuild.core.buildcache.CacheTarget;
import io.jbuild.grammar.reference.ImageReference;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CacheParametersTest {

    private static final Path BASE = Path.of("/project");

    @Test
    void valuesAreSeparatedBySemicolonsAndLocalDirectoriesAreTheProjects() {
        assertThat(CacheParameters.sources("type=registry,ref=r.example/app/cache:main; type=local,src=target/c",
                BASE)).containsExactly(new CacheSource.Registry(ImageReference.parse("r.example/app/cache:main")),
                new CacheSource.Local(Path.of("/project/target/c"), "latest", null));
        assertThat(CacheParameters.targets("type=local,dest=/abs/c,mode=max;;type=inline", BASE)).containsExactly(
                new CacheTarget.Local(Path.of("/abs/c"), "latest", CacheMode.MAX, false), new CacheTarget.Inline());
        assertThat(CacheParameters.sources(null, BASE)).isEmpty();
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> CacheParameters.targets("type=registry,ref=r/c,mode=all", BASE))
                .hasMessageContaining("invalid cache mode: all");
    }
}
