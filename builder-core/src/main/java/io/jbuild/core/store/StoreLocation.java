package io.jbuild.core.store;

import java.nio.file.Path;
import java.util.Map;

/** Where the user's store lives: {@code --root}, else {@code $JBUILD_HOME}, else {@code ~/.local/share/jbuild}. */
public final class StoreLocation {

    public static final String ENV = "JBUILD_HOME";

    private StoreLocation() {
    }

    /** The root for this process: {@code rootOption} if given, else from the environment. */
    public static Path resolve(Path rootOption) {
        return resolve(rootOption, System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * @param rootOption the {@code --root} value, or null
     * @param env        the environment ({@code JBUILD_HOME}, {@code XDG_DATA_HOME})
     * @param home       the user's home directory
     */
    public static Path resolve(Path rootOption, Map<String, String> env, Path home) {
        if (rootOption != null) {
            return rootOption.toAbsolutePath().normalize();
        }
        String jbuildHome = env.get(ENV);
        if (jbuildHome != null && !jbuildHome.isBlank()) {
            return Path.of(jbuildHome).toAbsolutePath().normalize();
        }
        // ~/.local/share is XDG's default data directory; honour the XDG variable when it is set.
        String xdg = env.get("XDG_DATA_HOME");
        Path data = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg)
                : home.resolve(".local").resolve("share");
        return data.resolve("jbuild").toAbsolutePath().normalize();
    }
}
