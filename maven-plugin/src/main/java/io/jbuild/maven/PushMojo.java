package io.jbuild.maven;

import java.io.IOException;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Pushes the image's tags from the local jbuild store to their registries. Credentials: the settings.xml
 * {@code <server>} whose id is the registry host (password decrypted as Maven does), else docker's config file
 * and credential helpers, as {@code jbuild push} finds them. Configure {@code tags} at the plugin level so that
 * {@code build} and {@code push} name the same image.
 */
@Mojo(name = "push", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class PushMojo extends AbstractImageMojo {

    /** Skip this goal only (say, for {@code mvn deploy} of the artifacts alone). */
    @Parameter(property = "jbuild.skipPush", defaultValue = "false")
    boolean skipPush;

    @Inject
    public PushMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    protected boolean needsDockerfile() {
        return false;
    }

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        if (skipPush) {
            getLog().info("jbuild: push skipped (jbuild.skipPush)");
            return;
        }
        if (session.isOffline()) {
            throw new MojoFailureException("jbuild: cannot push while Maven is offline (-o)");
        }
        try {
            pusher(openStore()).push(tags());
        } catch (IOException e) {
            throw new MojoExecutionException("jbuild: push failed: " + e.getMessage(), e);
        }
    }
}
