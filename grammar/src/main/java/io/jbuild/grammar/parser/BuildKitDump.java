package io.jbuild.grammar.parser;

import io.jbuild.grammar.gotext.GoText;
import java.util.List;
import java.util.Locale;

/**
 * BuildKit's node dump, byte for byte: one line per instruction, {@code (keyword ["--flag"] "arg" ...)}
 * with Go-quoted strings and ONBUILD's trigger nested in parentheses. Lets us check our parser against
 * BuildKit's own test data.
 */
public final class BuildKitDump {

    private BuildKitDump() {
    }

    /** The dump of a whole file, ending with a newline as BuildKit's {@code result} files do. */
    public static String dump(List<Node> nodes) {
        StringBuilder out = new StringBuilder();
        for (Node node : nodes) {
            out.append('(').append(dump(node)).append(")\n");
        }
        return out.toString();
    }

    public static String dump(Node node) {
        StringBuilder out = new StringBuilder(node.keyword().toLowerCase(Locale.ROOT));
        List<String> flags = node.flagWords();
        if (!flags.isEmpty()) {
            out.append(" [");
            for (int i = 0; i < flags.size(); i++) {
                out.append(i == 0 ? "" : " ").append(GoText.quote(flags.get(i)));
            }
            out.append(']');
        }
        node.child().ifPresent(child -> out.append(" (").append(dump(child)).append(')'));
        for (String arg : node.arguments()) {
            out.append(' ').append(GoText.quote(arg));
        }
        return out.toString().strip();
    }
}
