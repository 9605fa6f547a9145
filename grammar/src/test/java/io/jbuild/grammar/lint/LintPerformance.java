package io.jbuild.grammar.lint;

/** Test inputs for speed: a large, realistic multi-stage Dockerfile. */
public final class LintPerformance {

    private LintPerformance() {
    }

    /** At least {@code lines} lines: stages of ARG, ENV, RUN with continuations, COPY, heredocs, CMD. */
    public static String bigDockerfile(int lines) {
        StringBuilder b = new StringBuilder("# syntax=docker/dockerfile:1\nARG VERSION=1.0\n");
        int stage = 0;
        while (b.chars().filter(c -> c == '\n').count() < lines) {
            b.append("FROM debian:12 AS stage").append(stage).append('\n');
            b.append("ARG VERSION\nENV APP_HOME=/opt/app PATH=/opt/app/bin:$PATH\nWORKDIR $APP_HOME\n");
            b.append("RUN apt-get update \\\n && apt-get install -y --no-install-recommends curl=7.88 ca-certificates \\\n")
                    .append(" && curl -fsSL https://example.com/x.tgz | tar -xz -C /opt \\\n")
                    .append(" && rm -rf /var/lib/apt/lists/*\n");
            b.append("COPY --chown=1000:1000 src/ $APP_HOME/src/\n");
            b.append("RUN <<EOF\nset -eux\nfor f in a b c; do echo $f; done\npip install --no-cache-dir flask==3.0.0\nEOF\n");
            b.append("LABEL org.opencontainers.image.version=$VERSION\nEXPOSE 8080/tcp\nUSER 1000\n");
            b.append("HEALTHCHECK CMD [\"curl\", \"-f\", \"http://localhost:8080/\"]\nCMD [\"app\", \"--serve\"]\n\n");
            stage++;
        }
        return b.toString();
    }
}
