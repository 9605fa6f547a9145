package io.jbuild.grammar.lint.hadolint;

import java.util.List;
import java.util.Set;

/** DL3033: {@code yum install pkg} without {@code -version} ({@code yum module install} needs {@code :stream}). */
public final class Dl3033YumPinVersions extends RpmPinRule {

    public Dl3033YumPinVersions() {
        super("DL3033", "Specify version with `yum install -y <package>-<version>`.", List.of("yum"), Set.of());
    }
}
