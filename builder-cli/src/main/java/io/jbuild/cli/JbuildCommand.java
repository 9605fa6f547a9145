package io.jbuild.cli;

import io.jbuild.cli.build.BuildCommand;
import io.jbuild.cli.image.ImagesCommand;
import io.jbuild.cli.image.InspectCommand;
import io.jbuild.cli.image.LoadCommand;
import io.jbuild.cli.image.PruneCommand;
import io.jbuild.cli.image.RmiCommand;
import io.jbuild.cli.image.SaveCommand;
import io.jbuild.cli.image.TagCommand;
import io.jbuild.cli.lint.LintCommand;
import io.jbuild.cli.parse.ParseCommand;
import io.jbuild.cli.plan.PlanCommand;
import io.jbuild.cli.registry.LoginCommand;
import io.jbuild.cli.registry.LogoutCommand;
import io.jbuild.cli.registry.PullCommand;
import io.jbuild.cli.registry.PushCommand;
import io.jbuild.cli.run.RunCommand;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level {@code jbuild} command; it only lists the subcommands. */
@Command(name = "jbuild",
        mixinStandardHelpOptions = true,
        versionProvider = JbuildCommand.Version.class,
        description = "Build OCI images from Dockerfiles, without a daemon.",
        subcommands = {BuildCommand.class, RunCommand.class, ImagesCommand.class, TagCommand.class, RmiCommand.class,
            InspectCommand.class, SaveCommand.class, LoadCommand.class, PruneCommand.class, PullCommand.class, PushCommand.class,
            LoginCommand.class, LogoutCommand.class, LintCommand.class,
            ParseCommand.class, PlanCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:the input is invalid or the operation failed (the message says why)",
            "2:wrong usage: unknown option or bad option value"})
public final class JbuildCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: try 'jbuild --help'");
    }

    /** Reads the version Maven wrote into the jar at build time. */
    public static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = JbuildCommand.class.getResourceAsStream("/jbuild-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"jbuild " + p.getProperty("version", "unknown")
                    + " (Java " + System.getProperty("java.version") + ")"};
        }
    }
}
