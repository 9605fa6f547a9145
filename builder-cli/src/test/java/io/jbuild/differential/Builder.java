package io.jbuild.differential;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/** One of the two builders compared: builds a case into a docker-archive. */
interface Builder {

    /** How a build went: its log (progress and errors) and how long it took. */
    record Build(boolean ok, String log, Duration time) {
        /** The last lines of the log, for a report. */
        String tail(int lines) {
            String[] all = log.strip().split("\n");
            return String.join("\n", Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
        }
    }

    String name();

    /** Loads the base image from {@code archive} and names it {@code name} (the name the Dockerfiles use). */
    void loadBase(Path archive, String archivedName, String name) throws IOException;

    /** Builds {@code spec} from {@code context} and, when it succeeds, writes the image to {@code archive}. */
    Build build(CaseSpec spec, Path context, Path archive, Path log) throws IOException;
}
