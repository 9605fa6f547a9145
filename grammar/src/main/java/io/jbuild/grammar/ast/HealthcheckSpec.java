package io.jbuild.grammar.ast;

import java.time.Duration;
import java.util.Optional;

/** What HEALTHCHECK says: turn the check off, or run a command. */
public sealed interface HealthcheckSpec {

    /** {@code HEALTHCHECK NONE}: disables a check inherited from the base image. */
    record None() implements HealthcheckSpec {
    }

    /** {@code HEALTHCHECK [options] CMD command}; absent durations and retries mean "inherit the default". */
    record Check(CommandLine command, Optional<Duration> interval, Optional<Duration> timeout,
                 Optional<Duration> startPeriod, Optional<Duration> startInterval, Optional<Integer> retries)
            implements HealthcheckSpec {
    }
}
