package io.jbuild.cli.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.jbuild.cli.template.TemplateNode.Branch;
import io.jbuild.cli.template.TemplateNode.Command;
import io.jbuild.cli.template.TemplateNode.Operand;
import io.jbuild.cli.template.TemplateNode.Pipeline;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Go text/template as docker's {@code --format} takes it ({@code {{.State.Status}}}, {@code {{json .Config}}},
 * {@code {{range $k, $v := .Labels}}...{{end}}}), run on JSON data: a field is an object's member, printing is
 * Go's {@code %v} ({@code map[k:v]}, {@code [a b]}, {@code <no value>} for a missing key).
 */
public final class GoTemplate {

    private final List<TemplateNode> nodes;

    private GoTemplate(List<TemplateNode> nodes) {
        this.nodes = nodes;
    }

    /**
     * Parses {@code text}.
     *
     * @throws TemplateException Go's message, with the line and column
     */
    public static GoTemplate parse(String text) {
        return new GoTemplate(TemplateParser.parse(text));
    }

    /**
     * Runs the template on {@code data}.
     *
     * @throws TemplateException Go's message naming the command that failed
     */
    public String execute(JsonNode data) {
        StringBuilder out = new StringBuilder();
        new Run(data, out).nodes(nodes, data);
        return out.toString();
    }

    /** One execution: the output and the variables in scope ({@code $} is the data). */
    private static final class Run {
        private final StringBuilder out;
        private final Deque<Map<String, JsonNode>> scopes = new ArrayDeque<>();

        Run(JsonNode data, StringBuilder out) {
            this.out = out;
            Map<String, JsonNode> root = new HashMap<>();
            root.put("$", data);
            scopes.push(root);
        }

        void nodes(List<TemplateNode> list, JsonNode dot) {
            for (TemplateNode n : list) {
                if (n instanceof TemplateNode.Text t) {
                    out.append(t.text());
                } else if (n instanceof TemplateNode.Action a) {
                    JsonNode v = pipeline(a.pipeline(), dot);
                    if (a.pipeline().declared().isEmpty()) {
                        out.append(GoValues.print(v));
                    }
                } else if (n instanceof Branch b) {
                    branch(b, dot);
                }
            }
        }

        private void branch(Branch b, JsonNode dot) {
            scopes.push(new HashMap<>());
            try {
                if (b.kind() == Branch.Kind.RANGE) {
                    range(b, dot);
                    return;
                }
                JsonNode v = pipeline(b.pipeline(), dot);
                if (GoValues.truthy(v)) {
                    nodes(b.body(), b.kind() == Branch.Kind.WITH ? v : dot);
                } else {
                    nodes(b.otherwise(), dot);
                }
            } finally {
                scopes.pop();
            }
        }

        private void range(Branch b, JsonNode dot) {
            Pipeline p = b.pipeline();
            JsonNode v = commands(p, dot);
            List<String> declared = p.declared();
            if (v.isMissingNode() || v.isNull() || !v.isContainerNode() || v.size() == 0) {
                if (!v.isMissingNode() && !v.isNull() && !v.isContainerNode()) {
                    throw TemplateException.at(p.pos(), "range can't iterate over " + GoValues.print(v));
                }
                nodes(b.otherwise(), dot);
                return;
            }
            List<JsonNode> keys = new ArrayList<>();
            List<JsonNode> values = new ArrayList<>();
            if (v.isArray()) {
                for (int i = 0; i < v.size(); i++) {
                    keys.add(LongNode.valueOf(i));
                    values.add(v.get(i));
                }
            } else {
                for (String k : GoValues.sortedKeys(v)) {
                    keys.add(TextNode.valueOf(k));
                    values.add(v.get(k));
                }
            }
            for (int i = 0; i < values.size(); i++) {
                Map<String, JsonNode> scope = scopes.peek();
                if (declared.size() == 1) {
                    scope.put(declared.get(0), values.get(i));
                } else if (declared.size() == 2) {
                    scope.put(declared.get(0), keys.get(i));
                    scope.put(declared.get(1), values.get(i));
                }
                nodes(b.body(), values.get(i));
            }
        }

        private JsonNode pipeline(Pipeline p, JsonNode dot) {
            JsonNode v = commands(p, dot);
            for (String name : p.declared()) {
                scopes.peek().put(name, v);
            }
            return v;
        }

        private JsonNode commands(Pipeline p, JsonNode dot) {
            JsonNode value = null;
            for (Command c : p.commands()) {
                value = command(c, dot, value);
            }
            return value;
        }

        private JsonNode command(Command c, JsonNode dot, JsonNode piped) {
            try {
                Operand first = c.operands().get(0);
                if (first instanceof TemplateNode.Identifier f) {
                    List<JsonNode> args = new ArrayList<>();
                    for (Operand o : c.operands().subList(1, c.operands().size())) {
                        args.add(operand(o, dot));
                    }
                    if (piped != null) {
                        args.add(piped);
                    }
                    return Functions.call(f.name(), args);
                }
                if (c.operands().size() > 1 || piped != null) {
                    throw new TemplateException("can't give argument to non-function " + c.source());
                }
                return operand(first, dot);
            } catch (TemplateException e) {
                if (e.getMessage().startsWith("template: ")) {
                    throw e;
                }
                throw TemplateException.at(c.pos(), "executing \"\" at <" + c.source() + ">: " + e.getMessage());
            }
        }

        private JsonNode operand(Operand o, JsonNode dot) {
            if (o instanceof TemplateNode.Field f) {
                return chain(dot, f.chain());
            }
            if (o instanceof TemplateNode.Variable v) {
                JsonNode value = variable(v.name());
                return chain(value, v.chain());
            }
            if (o instanceof TemplateNode.Nested n) {
                return chain(pipeline(n.pipeline(), dot), n.chain());
            }
            if (o instanceof TemplateNode.Identifier f) {
                return Functions.call(f.name(), List.of());
            }
            return ((TemplateNode.Literal) o).value();
        }

        private JsonNode variable(String name) {
            for (Map<String, JsonNode> scope : scopes) {
                JsonNode v = scope.get(name);
                if (v != null) {
                    return v;
                }
            }
            throw new TemplateException("undefined variable: " + name);
        }

        /** Go's field access on a map: a missing key is no value, and so is anything taken from it. */
        private static JsonNode chain(JsonNode v, List<String> names) {
            for (String name : names) {
                if (v.isMissingNode()) {
                    return v;
                }
                if (v.isObject()) {
                    JsonNode e = v.get(name);
                    v = e == null ? MissingNode.getInstance() : e;
                } else if (v.isNull()) {
                    throw new TemplateException("nil pointer evaluating interface {}." + name);
                } else {
                    throw new TemplateException("can't evaluate field " + name + " in type " + GoValues.type(v));
                }
            }
            return v;
        }
    }
}
