package io.jbuild.cli.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.jbuild.grammar.gotext.GoText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Go's built-in template functions and those docker adds ({@code json}, {@code join}, {@code upper}...). */
final class Functions {

    private static final Set<String> NAMES = Set.of("and", "or", "not", "len", "index", "print", "println", "printf",
            "eq", "ne", "lt", "le", "gt", "ge", "json", "join", "split", "upper", "lower", "title", "truncate", "pad");

    private Functions() {
    }

    static boolean defined(String name) {
        return NAMES.contains(name);
    }

    static JsonNode call(String name, List<JsonNode> args) {
        return switch (name) {
            case "and" -> {
                atLeast(name, args, 1);
                JsonNode v = args.get(0);
                for (JsonNode a : args) {
                    v = a;
                    if (!GoValues.truthy(a)) {
                        break;
                    }
                }
                yield v;
            }
            case "or" -> {
                atLeast(name, args, 1);
                JsonNode v = args.get(0);
                for (JsonNode a : args) {
                    v = a;
                    if (GoValues.truthy(a)) {
                        break;
                    }
                }
                yield v;
            }
            case "not" -> BooleanNode.valueOf(!GoValues.truthy(exactly(name, args, 1).get(0)));
            case "len" -> length(exactly(name, args, 1).get(0));
            case "index" -> index(args);
            case "print" -> TextNode.valueOf(sprint(args));
            case "println" -> TextNode.valueOf(String.join(" ", args.stream().map(GoValues::print).toList()) + "\n");
            case "printf" -> {
                atLeast(name, args, 1);
                yield TextNode.valueOf(Printf.format(GoValues.print(args.get(0)), args.subList(1, args.size())));
            }
            case "eq" -> {
                atLeast(name, args, 2);
                boolean any = false;
                for (JsonNode b : args.subList(1, args.size())) {
                    any |= compare(args.get(0), b, true) == 0;
                }
                yield BooleanNode.valueOf(any);
            }
            case "ne" -> BooleanNode.valueOf(compare(exactly(name, args, 2).get(0), args.get(1), true) != 0);
            case "lt" -> BooleanNode.valueOf(compare(exactly(name, args, 2).get(0), args.get(1), false) < 0);
            case "le" -> BooleanNode.valueOf(compare(exactly(name, args, 2).get(0), args.get(1), false) <= 0);
            case "gt" -> BooleanNode.valueOf(compare(exactly(name, args, 2).get(0), args.get(1), false) > 0);
            case "ge" -> BooleanNode.valueOf(compare(exactly(name, args, 2).get(0), args.get(1), false) >= 0);
            case "json" -> TextNode.valueOf(GoValues.json(exactly(name, args, 1).get(0)));
            case "join" -> {
                JsonNode list = exactly(name, args, 2).get(0);
                if (!list.isArray()) {
                    throw new TemplateException("wrong type for value; expected []string; got " + GoValues.type(list));
                }
                List<String> parts = new ArrayList<>();
                list.forEach(e -> parts.add(GoValues.print(e)));
                yield TextNode.valueOf(String.join(GoValues.print(args.get(1)), parts));
            }
            case "split" -> {
                exactly(name, args, 2);
                ArrayNode parts = JsonNodeFactory.instance.arrayNode();
                String s = GoValues.print(args.get(0));
                String sep = GoValues.print(args.get(1));
                if (sep.isEmpty()) {
                    s.codePoints().forEach(cp -> parts.add(new String(Character.toChars(cp))));
                } else {
                    for (String p : s.split(Pattern.quote(sep), -1)) {
                        parts.add(p);
                    }
                }
                yield parts;
            }
            case "upper" -> TextNode.valueOf(GoValues.print(exactly(name, args, 1).get(0)).toUpperCase(Locale.ROOT));
            case "lower" -> TextNode.valueOf(GoValues.print(exactly(name, args, 1).get(0)).toLowerCase(Locale.ROOT));
            case "title" -> TextNode.valueOf(title(GoValues.print(exactly(name, args, 1).get(0))));
            case "truncate" -> {
                String s = GoValues.print(exactly(name, args, 2).get(0));
                int n = (int) integer(args.get(1));
                yield TextNode.valueOf(s.codePointCount(0, s.length()) > n ? s.substring(0, s.offsetByCodePoints(0, n))
                        : s);
            }
            case "pad" -> {
                String s = GoValues.print(exactly(name, args, 3).get(0));
                yield TextNode.valueOf(" ".repeat((int) Math.max(0, integer(args.get(1)))) + s
                        + " ".repeat((int) Math.max(0, integer(args.get(2)))));
            }
            default -> throw new TemplateException("function \"" + name + "\" not defined");
        };
    }

    private static List<JsonNode> exactly(String name, List<JsonNode> args, int n) {
        if (args.size() != n) {
            throw new TemplateException("wrong number of args for " + name + ": want " + n + " got " + args.size());
        }
        return args;
    }

    private static void atLeast(String name, List<JsonNode> args, int n) {
        if (args.size() < n) {
            throw new TemplateException("wrong number of args for " + name + ": want at least " + n + " got "
                    + args.size());
        }
    }

    private static JsonNode length(JsonNode v) {
        if (v.isTextual()) {
            return LongNode.valueOf(v.textValue().getBytes(StandardCharsets.UTF_8).length);
        }
        if (v.isContainerNode()) {
            return LongNode.valueOf(v.size());
        }
        throw new TemplateException("error calling len: len of type " + GoValues.type(v));
    }

    private static JsonNode index(List<JsonNode> args) {
        if (args.isEmpty()) {
            throw new TemplateException("wrong number of args for index: want at least 1 got 0");
        }
        JsonNode v = args.get(0);
        for (JsonNode key : args.subList(1, args.size())) {
            if (v.isObject()) {
                JsonNode e = v.get(GoValues.print(key));
                v = e == null ? NullNode.getInstance() : e; // a map's zero value: nil
            } else if (v.isArray() || v.isTextual()) {
                long i = integer(key);
                int size = v.isArray() ? v.size() : v.textValue().length();
                if (i < 0 || i >= size) {
                    throw new TemplateException("error calling index: index out of range: " + i);
                }
                v = v.isArray() ? v.get((int) i) : LongNode.valueOf(v.textValue().charAt((int) i));
            } else if (v.isNull() || v.isMissingNode()) {
                throw new TemplateException("error calling index: index of untyped nil");
            } else {
                throw new TemplateException("error calling index: can't index item of type " + GoValues.type(v));
            }
        }
        return v;
    }

    private static long integer(JsonNode v) {
        if (v.isIntegralNumber()) {
            return v.longValue();
        }
        throw new TemplateException("cannot index slice/array with type " + GoValues.type(v));
    }

    /** Go's Sprint: a space between two operands when neither is a string. */
    private static String sprint(List<JsonNode> args) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            if (i > 0 && !args.get(i).isTextual() && !args.get(i - 1).isTextual()) {
                sb.append(' ');
            }
            sb.append(GoValues.print(args.get(i)));
        }
        return sb.toString();
    }

    /** eq/ne compare any basic values; lt/le/gt/ge numbers with numbers and strings with strings. */
    private static int compare(JsonNode a, JsonNode b, boolean equality) {
        if (a.isNumber() && b.isNumber()) {
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
        if (a.isTextual() && b.isTextual()) {
            return a.textValue().compareTo(b.textValue());
        }
        if (equality && a.isBoolean() && b.isBoolean()) {
            return a.booleanValue() == b.booleanValue() ? 0 : 1;
        }
        if (equality && (a.isNull() || a.isMissingNode()) && (b.isNull() || b.isMissingNode())) {
            return 0;
        }
        if (equality && (a.isNull() || a.isMissingNode() || b.isNull() || b.isMissingNode())) {
            return 1;
        }
        throw new TemplateException("error calling " + (equality ? "eq" : "lt") + ": incompatible types for comparison");
    }

    /** Go's strings.Title: the first letter of each word upper-case. */
    private static String title(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean start = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(start ? Character.toTitleCase(c) : c);
            start = !Character.isLetterOrDigit(c) && c != '_' && c != '\'';
        }
        return sb.toString();
    }

    /** Go's fmt verbs a format needs: {@code %s %v %d %q %t %x %%}, with {@code -}, width and precision. */
    static final class Printf {

        private Printf() {
        }

        static String format(String format, List<JsonNode> args) {
            StringBuilder sb = new StringBuilder();
            int arg = 0;
            for (int i = 0; i < format.length(); i++) {
                char c = format.charAt(i);
                if (c != '%') {
                    sb.append(c);
                    continue;
                }
                int j = i + 1;
                boolean left = false;
                boolean zero = false;
                while (j < format.length() && "-+# 0".indexOf(format.charAt(j)) >= 0) {
                    left |= format.charAt(j) == '-';
                    zero |= format.charAt(j) == '0';
                    j++;
                }
                int width = 0;
                while (j < format.length() && Character.isDigit(format.charAt(j))) {
                    width = width * 10 + (format.charAt(j++) - '0');
                }
                int precision = -1;
                if (j < format.length() && format.charAt(j) == '.') {
                    precision = 0;
                    j++;
                    while (j < format.length() && Character.isDigit(format.charAt(j))) {
                        precision = precision * 10 + (format.charAt(j++) - '0');
                    }
                }
                if (j >= format.length()) {
                    sb.append("%!(NOVERB)");
                    break;
                }
                char verb = format.charAt(j);
                i = j;
                if (verb == '%') {
                    sb.append('%');
                    continue;
                }
                if (arg >= args.size()) {
                    sb.append("%!").append(verb).append("(MISSING)");
                    continue;
                }
                String text = verb(verb, args.get(arg++), precision);
                int pad = width - text.codePointCount(0, text.length());
                if (pad > 0) {
                    String fill = (zero && !left ? "0" : " ").repeat(pad);
                    text = left ? text + " ".repeat(pad) : fill + text;
                }
                sb.append(text);
            }
            if (arg < args.size()) {
                sb.append("%!(EXTRA ");
                for (int k = arg; k < args.size(); k++) {
                    sb.append(k > arg ? ", " : "").append(GoValues.type(args.get(k))).append('=')
                            .append(GoValues.print(args.get(k)));
                }
                sb.append(')');
            }
            return sb.toString();
        }

        private static String verb(char verb, JsonNode v, int precision) {
            return switch (verb) {
                case 's', 'v' -> {
                    String s = GoValues.print(v);
                    yield precision >= 0 && verb == 's' && s.length() > precision ? s.substring(0, precision) : s;
                }
                case 'd' -> v.isIntegralNumber() ? v.asText() : "%!d(" + GoValues.type(v) + "=" + GoValues.print(v) + ")";
                case 'q' -> v.isTextual() ? GoText.quote(v.textValue()) : "%!q(" + GoValues.type(v) + "=" + GoValues.print(v) + ")";
                case 't' -> v.isBoolean() ? v.asText() : "%!t(" + GoValues.type(v) + "=" + GoValues.print(v) + ")";
                case 'x' -> v.isIntegralNumber() ? Long.toHexString(v.longValue())
                        : hex(GoValues.print(v).getBytes(StandardCharsets.UTF_8));
                default -> "%!" + verb + "(" + GoValues.type(v) + "=" + GoValues.print(v) + ")";
            };
        }

        private static String hex(byte[] bytes) {
            StringBuilder sb = new StringBuilder();
            for (byte b : bytes) {
                sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return sb.toString();
        }
    }
}
