package io.jbuild.maven;

import io.jbuild.core.build.StreamedInputs;
import io.jbuild.core.fs.InputFiles;
import io.jbuild.core.context.DockerfileName;
import io.jbuild.core.plan.BuildArgs;
import io.jbuild.core.plan.PlanException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/** What every goal shares: the project, the Dockerfile and its context, build arguments, {@code skip}. */
abstract class AbstractJbuildMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    /** Skip every jbuild goal. */
    @Parameter(property = "jbuild.skip", defaultValue = "false")
    protected boolean skip;

    /** The Dockerfile. */
    @Parameter(property = "jbuild.dockerfile", defaultValue = "${project.basedir}/Dockerfile")
    protected File dockerfile;

    /** The build context: the directory COPY and ADD read from, and whose {@code .dockerignore} applies. */
    @Parameter(property = "jbuild.contextDirectory", defaultValue = "${project.basedir}")
    protected File contextDirectory;

    /**
     * Build arguments, as {@code --build-arg}: {@code <buildArgs><my_ver>2.0</my_ver></buildArgs>}; an empty
     * element takes the value from the environment. On the command line:
     * {@code -Djbuild.buildArgs=my_ver=2.0,OTHER=x}, on top of the POM's.
     */
    @Parameter
    protected Map<String, String> buildArgs;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("jbuild: skipped (jbuild.skip)");
            return;
        }
        dockerfile = DockerfileName.resolve(dockerfile.toPath()).toFile(); // BuildKit also reads "dockerfile"
        // Something else at the Dockerfile's path (a directory, /dev/zero, a FIFO, a huge file): say what it is.
        Optional<String> problem = InputFiles.problem(dockerfile.toPath(), StreamedInputs.MAX_DOCKERFILE_BYTES);
        if (needsDockerfile() && Files.exists(dockerfile.toPath()) && problem.isPresent()
                && !"pom".equals(project.getPackaging())) {
            throw new MojoExecutionException("jbuild: the Dockerfile " + dockerfile + ": " + problem.get());
        }
        if (!Files.isRegularFile(dockerfile.toPath())) {
            // A reactor's parent usually declares the plugin for its modules and has no Dockerfile itself.
            if ("pom".equals(project.getPackaging())) {
                getLog().info("jbuild: no Dockerfile at " + dockerfile + " in this pom project; nothing to do");
                return;
            }
            if (needsDockerfile()) {
                throw new MojoExecutionException("jbuild: no Dockerfile at " + dockerfile
                        + " (set <dockerfile>, or skip with -Djbuild.skip)");
            }
        }
        if (needsDockerfile() && !Files.isDirectory(contextDirectory.toPath())) {
            throw new MojoExecutionException("jbuild: the build context " + contextDirectory + " is not a directory");
        }
        run();
    }

    /** The goal's work; the Dockerfile and the context exist if {@link #needsDockerfile()}. */
    protected abstract void run() throws MojoExecutionException, MojoFailureException;

    /** Whether the goal reads the Dockerfile (push does not: it sends what the store has). */
    protected boolean needsDockerfile() {
        return true;
    }

    /**
     * The build arguments: the POM's, then {@code -Djbuild.buildArgs} on top; a name without a value takes it
     * from the environment, as {@code --build-arg NAME} does.
     */
    protected Map<String, String> buildArgs() throws MojoExecutionException {
        Map<String, String> merged = PropertyMaps.merge(buildArgs, mapProperty("jbuild.buildArgs"));
        List<String> specs = new ArrayList<>();
        merged.forEach((k, v) -> specs.add(v == null ? k : k + "=" + v));
        try {
            return BuildArgs.parse(specs, System.getenv());
        } catch (PlanException e) {
            throw new MojoExecutionException("jbuild: " + e.getMessage(), e);
        }
    }

    /** A map parameter given on the command line (or in the POM's properties) as {@code K=V,K2=V2}. */
    protected Map<String, String> mapProperty(String name) throws MojoExecutionException {
        String text = session.getUserProperties().getProperty(name, project.getProperties().getProperty(name));
        try {
            return PropertyMaps.parse(text);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("jbuild: -D" + name + ": " + e.getMessage(), e);
        }
    }

    /** How to name a file in messages: relative to the project when inside it, as a user would type it. */
    protected String display(Path file) {
        Path base = project.getBasedir().toPath().toAbsolutePath().normalize();
        Path f = file.toAbsolutePath().normalize();
        return f.startsWith(base) ? base.relativize(f).toString() : f.toString();
    }
}
