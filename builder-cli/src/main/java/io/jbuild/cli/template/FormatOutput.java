package io.jbuild.cli.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * docker's {@code --format} for listings ({@code ps}, {@code images}): a template printed once per row, or with a
 * {@code table} prefix, a header row (each field's column name) and tab-separated cells aligned as Go's tabwriter
 * aligns them (minimum width 10, padding 3; a line's last cell is not padded).
 */
public final class FormatOutput {

    private static final int MIN_WIDTH = 10;
    private static final int PADDING = 3;

    private final GoTemplate template;
    private final boolean table;
    private final Map<String, String> headers;

    private FormatOutput(GoTemplate template, boolean table, Map<String, String> headers) {
        this.template = template;
        this.table = table;
        this.headers = headers;
    }

    /**
     * Parses a {@code --format} value; {@code table} alone is {@code defaultTable}.
     *
     * @param headers each field's column name ({@code ID} → {@code CONTAINER ID})
     * @throws TemplateException a template Go would not parse
     */
    public static FormatOutput parse(String format, String defaultTable, Map<String, String> headers) {
        // docker's reading: outer spaces trimmed, a typed \t or \n is a tab or a new line, "table" a prefix
        String f = (format.strip().equals("table") ? defaultTable : format).strip()
                .replace("\\t", "\t").replace("\\n", "\n");
        boolean table = f.startsWith("table");
        if (table) {
            f = f.substring("table".length()).strip();
        }
        return new FormatOutput(GoTemplate.parse(f), table, headers);
    }

    /**
     * Prints {@code rows}.
     *
     * @throws TemplateException the template fails on a row
     */
    public void print(List<? extends JsonNode> rows, PrintWriter out) {
        List<String> lines = new ArrayList<>();
        if (table) {
            ObjectNode names = JsonNodeFactory.instance.objectNode();
            headers.forEach(names::put);
            lines.add(template.execute(names));
        }
        for (JsonNode row : rows) {
            lines.add(template.execute(row));
        }
        if (table) {
            align(String.join("\n", lines), out);
        } else {
            lines.forEach(out::println);
        }
        out.flush();
    }

    private static void align(String text, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            rows.add(line.split("\t", -1));
        }
        if (rows.size() > 1 && rows.get(rows.size() - 1).length == 1 && rows.get(rows.size() - 1)[0].isEmpty()) {
            rows.remove(rows.size() - 1);
        }
        List<Integer> widths = new ArrayList<>();
        for (String[] cells : rows) {
            for (int c = 0; c < cells.length - 1; c++) {
                int w = Math.max(MIN_WIDTH, cells[c].codePointCount(0, cells[c].length()) + PADDING);
                if (c < widths.size()) {
                    widths.set(c, Math.max(widths.get(c), w));
                } else {
                    widths.add(w);
                }
            }
        }
        for (String[] cells : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < cells.length; c++) {
                line.append(cells[c]);
                if (c < cells.length - 1) {
                    line.append(" ".repeat(widths.get(c) - cells[c].codePointCount(0, cells[c].length())));
                }
            }
            out.println(line);
        }
    }
}
