package io.jbuild.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The top-level {@code jbuild} command; it only lists the subcommands ({@link Main} registers them). Declared in
 * code ({@link CodeSpecs}): every command line goes through it.
 */
public final class JbuildCommand implements Runnable {

    private final CommandSpec spec;

    private JbuildCommand() {
        spec = CodeSpecs.command(this, "jbuild", "Build OCI images from Dockerfiles, without a daemon.");
        spec.versionProvider(new Version());
        Map<String, String> exitCodes = new LinkedHashMap<>();
        exitCodes.put("0", "success");
        exitCodes.put("1", "the input is invalid or the operation failed (the message says why)");
        exitCodes.put("2", "wrong usage: an unknown flag, a bad value or a missing argument (see COMMAND --help)");
        exitCodes.put("125", "jbuild run: the container could not be run (otherwise its exit code is the command's)");
        spec.usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(exitCodes);
    }

    /** The command's model. */
    public static CommandSpec spec() {
        return new JbuildCommand().spec;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: try 'jbuild --help'");
    }

    /** Reads the version Maven wrote into the jar at build time. */
    public static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"jbuild " + number() + " (Java " + System.getProperty("java.version") + ")"};
        }

        /**
         * jbuild's version: its jar's manifest says it (the JVM has read the manifest already, and the class archive
         * keeps it: a resource read from the jar was ~15 ms of a re-push), classes run from a directory (tests) read
         * the build's properties file; "unknown" without either.
         */
        public static String number() {
            String version = JbuildCommand.class.getPackage().getImplementationVersion();
            if (version != null) {
                return version;
            }
            Properties p = new Properties();
            try (InputStream in = JbuildCommand.class.getResourceAsStream("/jbuild-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                // no version then
            }
            return p.getProperty("version", "unknown");
        }
    }
}
