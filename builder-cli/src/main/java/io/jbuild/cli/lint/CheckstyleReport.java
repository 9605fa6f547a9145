package io.jbuild.cli.lint;

import io.jbuild.grammar.lint.LintDiagnostic;
import java.io.PrintWriter;
import java.util.List;

/** Checkstyle's XML report, which CI plugins read: one {@code <file>} per input, one {@code <error>} per finding. */
final class CheckstyleReport implements LintReport {

    @Override
    public void write(List<LintedFile> files, PrintWriter out) {
        out.println("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        out.println("<checkstyle version=\"4.3\">");
        for (LintedFile f : files) {
            out.println("  <file name=\"" + escape(f.name()) + "\">");
            for (LintDiagnostic d : f.diagnostics()) {
                out.println("    <error line=\"" + d.range().start().line() + "\" column=\"" + d.range().start().column()
                        + "\" severity=\"" + severity(d) + "\" message=\"" + escape(d.message()) + "\" source=\""
                        + escape(d.ruleId()) + "\"/>");
            }
            out.println("  </file>");
        }
        out.println("</checkstyle>");
    }

    private static String severity(LintDiagnostic d) {
        return switch (d.severity()) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case INFO, STYLE -> "info";
        };
    }

    /** XML attribute text; characters XML 1.0 cannot carry are dropped. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\n' -> out.append("&#10;");
                case '\t' -> out.append("&#9;");
                case '\r' -> out.append("&#13;");
                default -> {
                    if (c >= 0x20 && c != 0xFFFE && c != 0xFFFF) {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
