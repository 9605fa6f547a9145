package io.jbuild.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level {@code jbuild} command; it only lists the subcommands ({@link Main} registers them). */
@Command(name = "jbuild",
        mixinStandardHelpOptions = true,
        versionProvider = JbuildCommand.Version.class,
        description = "Build OCI images from Dockerfiles, without a daemon.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:the input is invalid or the operation failed (the message says why)",
            "2:wrong usage: an unknown flag, a bad value or a missing argument (see COMMAND --help)",
            "125:jbuild run: the container could not be run (otherwise its exit code is the command's)"})
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
