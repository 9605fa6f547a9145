package io.jbuild.cli.lint;

import java.io.PrintWriter;
import java.util.List;

/** An output format of {@code jbuild lint}. */
interface LintReport {

    void write(List<LintedFile> files, PrintWriter out);
}
