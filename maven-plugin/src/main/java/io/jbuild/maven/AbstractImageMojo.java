package io.jbuild.maven;

import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.core.registry.RegistryOptions;
import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.StoreLocation;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/** What the goals that touch the image store and registries share: tags, the store, registry access. */
abstract class AbstractImageMojo extends AbstractJbuildMojo {

    /**
     * The image's names. Default: {@code ARTIFACTID:VERSION}, made a valid reference (lower case, characters a
     * tag cannot hold replaced by {@code -}). On the command line: {@code -Djbuild.tags=a:1,registry/a:1}.
     */
    @Parameter(property = "jbuild.tags")
    protected List<String> tags;

    /** The jbuild image store. Default: as the CLI, {@code $JBUILD_HOME}, else {@code ~/.local/share/jbuild}. */
    @Parameter(property = "jbuild.storeRoot")
    protected File storeRoot;

    /** Registries that may be reached over plain http or unverified TLS (loopback ones always may). */
    @Parameter(property = "jbuild.insecureRegistries")
    protected List<String> insecureRegistries;

    @Parameter(defaultValue = "${settings}", readonly = true, required = true)
    protected Settings settings;

    private final SettingsDecrypter decrypter;

    protected AbstractImageMojo(SettingsDecrypter decrypter) {
        this.decrypter = decrypter;
    }

    /** The configured tags, or the project's default one; each checked to be a valid reference. */
    protected List<String> tags() throws MojoExecutionException {
        List<String> out = new ArrayList<>();
        if (tags != null) {
            tags.stream().filter(t -> t != null && !t.isBlank()).map(String::strip).forEach(out::add);
        }
        if (out.isEmpty()) {
            out.add(DefaultTag.of(project.getArtifactId(), project.getVersion()));
        }
        for (String t : out) {
            try {
                ImageReference.parse(t);
            } catch (IllegalArgumentException e) {
                throw new MojoExecutionException("jbuild: invalid tag \"" + t + "\": " + e.getMessage(), e);
            }
        }
        return out;
    }

    protected ImageStore openStore() throws IOException {
        return ImageStore.open(StoreLocation.resolve(storeRoot == null ? null : storeRoot.toPath()));
    }

    protected Set<String> insecureRegistries() {
        return insecureRegistries == null ? Set.of() : Set.copyOf(insecureRegistries);
    }

    protected TagPusher pusher(ImageStore store) {
        return new TagPusher(store, registryOptions(), credentials(), getLog());
    }

    /** Registry access for pulls during a build: settings.xml logins first, as for pushes. */
    protected SettingsRegistryAccess registryAccess() {
        return new SettingsRegistryAccess(registryOptions(), credentials());
    }

    private RegistryOptions registryOptions() {
        return RegistryOptions.defaults().withInsecureRegistries(insecureRegistries());
    }

    private SettingsCredentials credentials() {
        return new SettingsCredentials(settings.getServers(), decrypter, getLog());
    }
}
