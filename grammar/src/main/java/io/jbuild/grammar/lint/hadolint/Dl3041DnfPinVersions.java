package io.jbuild.grammar.lint.hadolint;

import java.util.List;
import java.util.Set;

/** DL3041: {@code dnf install pkg} without {@code -version} (module streams need {@code :stream}; groups are skipped). */
public final class Dl3041DnfPinVersions extends RpmPinRule {

    public Dl3041DnfPinVersions() {
        super("DL3041", "Specify version with `dnf install -y <package>-<version>`.", List.of("dnf", "microdnf"),
                Set.of("group"));
    }
}
