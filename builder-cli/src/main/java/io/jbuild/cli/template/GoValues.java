package io.jbuild.cli.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** How Go's templates see JSON values: printed as {@code %v} prints them, true or false as {@code if} sees them. */
final class GoValues {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GoValues() {
    }

    /** {@code %v}: maps as {@code map[k:v ...]} with sorted keys, lists as {@code [a b]}, nil as {@code <nil>}. */
    static String print(JsonNode v) {
        StringBuilder sb = new StringBuilder();
        print(v, sb);
        return sb.toString();
    }

    private static void print(JsonNode v, StringBuilder sb) {
        if (v == null || v.isMissingNode()) {
            sb.append("<no value>");
        } else if (v.isNull()) {
            sb.append("<nil>");
        } else if (v.isTextual()) {
            sb.append(v.textValue());
        } else if (v.isIntegralNumber() || v.isBoolean()) {
            sb.append(v.asText());
        } else if (v.isNumber()) {
            sb.append(floating(v.doubleValue()));
        } else if (v.isArray()) {
            sb.append('[');
            for (int i = 0; i < v.size(); i++) {
                if (i > 0) {
                    sb.append(' ');
                }
                print(v.get(i), sb);
            }
            sb.append(']');
        } else {
            sb.append("map[");
            boolean first = true;
            for (String k : sortedKeys(v)) {
                if (!first) {
                    sb.append(' ');
                }
                first = false;
                sb.append(k).append(':');
                print(v.get(k), sb);
            }
            sb.append(']');
        }
    }

    static List<String> sortedKeys(JsonNode object) {
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        keys.sort(null);
        return keys;
    }

    /** Go's {@code %v} of a float64: the shortest form, an exponent below 1e-4 and from 1e21. */
    static String floating(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        double abs = Math.abs(d);
        if (abs != 0 && (abs < 1e-4 || abs >= 1e21)) {
            String s = Double.toString(d).replace("E", "e");
            String mantissa = s.substring(0, s.indexOf('e')).replaceAll("\\.0$", "");
            int exp = Integer.parseInt(s.substring(s.indexOf('e') + 1));
            return mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }
        return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }

    /** {@code if}'s truth: false, 0, nil, empty strings, lists and maps (and no value) are false. */
    static boolean truthy(JsonNode v) {
        if (v == null || v.isMissingNode() || v.isNull()) {
            return false;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNumber()) {
            return v.doubleValue() != 0;
        }
        if (v.isTextual()) {
            return !v.textValue().isEmpty();
        }
        return v.size() > 0;
    }

    /** docker's {@code json} function: compact, HTML characters as they are. */
    static String json(JsonNode v) {
        try {
            return v == null || v.isMissingNode() ? "null" : JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new TemplateException("json: " + e.getOriginalMessage());
        }
    }

    /** Go's type name of a value, for messages. */
    static String type(JsonNode v) {
        if (v == null || v.isMissingNode() || v.isNull()) {
            return "<nil>";
        }
        if (v.isTextual()) {
            return "string";
        }
        if (v.isBoolean()) {
            return "bool";
        }
        if (v.isIntegralNumber()) {
            return "int";
        }
        if (v.isNumber()) {
            return "float64";
        }
        return v.isArray() ? "[]interface {}" : "map[string]interface {}";
    }
}
