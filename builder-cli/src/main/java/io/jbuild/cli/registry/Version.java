package io.jbuild.cli.registry;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** jbuild's version, for the User-Agent registries see. */
final class Version {

    private Version() {
    }

    static String of() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/jbuild-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // no version then
        }
        return p.getProperty("version", "dev");
    }
}
