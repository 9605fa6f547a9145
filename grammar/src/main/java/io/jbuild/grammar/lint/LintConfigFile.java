package io.jbuild.grammar.lint;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads {@code .hadolint.yaml} / {@code .jbuild-lint.yaml} with a YAML library (block scalars, anchors and aliases,
 * flow collections all read as YAML says) into the linter's typed {@link LintConfig}. The document is composed into
 * nodes, not constructed into objects, so every value keeps its line and column for errors, and no tag can make the
 * library build a Java object. Scalars stay text: {@link LintConfig#fromTree} decides what {@code yes} or {@code 3} means.
 */
public final class LintConfigFile {

    private LintConfigFile() {
    }

    /**
     * The configuration of a lint run: {@code explicit} when given (it must be a file), else the first file of
     * {@link LintConfig#FILE_NAMES} in the first of {@code dirs} that has one, else the defaults. {@code jbuild lint}
     * looks in the context, then the working directory; the language server in the Dockerfile's directory, then the
     * workspace.
     */
    public static LintConfig load(Optional<Path> explicit, List<Path> dirs) throws IOException, LintConfigException {
        if (explicit.isPresent()) {
            if (!Files.isRegularFile(explicit.get())) {
                throw new NoSuchFileException(explicit.get() + ": no such configuration file");
            }
            return read(explicit.get());
        }
        for (Path dir : dirs) {
            Optional<Path> found = LintConfig.find(dir);
            if (found.isPresent()) {
                return read(found.get());
            }
        }
        return LintConfig.defaults();
    }

    public static LintConfig read(Path file) throws IOException, LintConfigException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.toString());
        }
    }

    /** Reads {@code yaml}; errors start with {@code name:line:column:}. */
    public static LintConfig parse(String yaml, String name) throws LintConfigException {
        return read(new StringReader(yaml), name);
    }

    private static LintConfig read(Reader in, String name) throws LintConfigException {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            // aliases are expanded into the tree: a few for shared rule lists, not a billion laughs
            options.setMaxAliasesForCollections(20);
            root = new Yaml(options).compose(in);
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw new LintConfigException(where(name, m) + "invalid YAML: " + problem(e));
        } catch (YAMLException e) {
            throw new LintConfigException(name + ": invalid YAML: " + e.getMessage());
        }
        if (root == null) {
            return LintConfig.defaults();
        }
        Map<List<String>, Mark> marks = new HashMap<>();
        Object tree = tree(root, List.of(), marks, name);
        try {
            return LintConfig.fromTree(tree);
        } catch (LintConfigException e) {
            Mark m = marks.getOrDefault(e.key(), root.getStartMark());
            throw new LintConfigException(where(name, m) + e.getMessage(), e.key());
        }
    }

    /** Plain maps, lists and strings (null for YAML's null), noting where each value starts under its key path. */
    private static Object tree(Node node, List<String> path, Map<List<String>, Mark> marks, String name)
            throws LintConfigException {
        marks.putIfAbsent(path, node.getStartMark());
        if (node instanceof ScalarNode s) {
            return s.getTag().equals(Tag.NULL) ? null : s.getValue();
        }
        if (node instanceof SequenceNode seq) {
            List<Object> out = new ArrayList<>();
            for (Node item : seq.getValue()) {
                out.add(tree(item, child(path, Integer.toString(out.size())), marks, name));
            }
            return out;
        }
        MappingNode map = (MappingNode) node;
        Map<String, Object> out = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw new LintConfigException(where(name, t.getKeyNode().getStartMark()) + "a key must be a plain name");
            }
            if (k.getTag().equals(Tag.MERGE)) {
                throw new LintConfigException(where(name, k.getStartMark()) + "merge keys (<<) are not supported");
            }
            if (out.containsKey(k.getValue())) {
                throw new LintConfigException(where(name, k.getStartMark()) + "duplicate key \"" + k.getValue() + "\"");
            }
            out.put(k.getValue(), tree(t.getValueNode(), child(path, k.getValue()), marks, name));
        }
        return out;
    }

    private static List<String> child(List<String> path, String key) {
        List<String> out = new ArrayList<>(path);
        out.add(key);
        return List.copyOf(out);
    }

    private static String where(String name, Mark m) {
        return m == null ? name + ": " : name + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1) + ": ";
    }

    /** The library's words without its own multi-line excerpt of the file (the location is already in front). */
    private static String problem(MarkedYAMLException e) {
        String context = e.getContext() == null ? "" : e.getContext() + ", ";
        return context + (e.getProblem() == null ? e.getMessage() : e.getProblem());
    }
}
