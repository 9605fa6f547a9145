package io.jbuild.core.build;

/** {@code COPY --chmod}: octal ({@code 0755}) or symbolic ({@code u+x,go-w}) modes. */
final class Permissions {

    private Permissions() {
    }

    /** The new mode of a file of mode {@code current}; directories matter for {@code X}. */
    static int apply(String spec, int current, boolean directory) {
        if (!spec.isEmpty() && Character.isDigit(spec.charAt(0))) {
            return octal(spec);
        }
        int mode = current & 07777;
        for (String clause : spec.split(",")) {
            mode = clause(clause.trim(), mode, directory, spec);
        }
        return mode;
    }

    /** A spec starting with a digit is octal, up to 07777 (leading zeros allowed), as BuildKit parses it. */
    private static int octal(String spec) {
        if (spec.matches("[0-7]+")) {
            String digits = spec.replaceFirst("^0+(?=.)", "");
            if (digits.length() <= 4) {
                return Integer.parseInt(digits, 8);
            }
        }
        // BuildKit's words (dockerfile2llb/convert_copy.go): users search for them
        throw new IllegalArgumentException("invalid chmod parameter: '" + spec
                + "'. it should be octal string and between 0 and 07777");
    }

    private static IllegalArgumentException syntax(String spec, String detail) {
        return new IllegalArgumentException("invalid chmod parameter: '" + spec + "': invalid syntax (" + detail
                + "; expected octal like 0755 or symbolic like u+x)");
    }

    /** Checks a spec without applying it. */
    static void validate(String spec) {
        apply(spec, 0644, false);
    }

    private static int clause(String clause, int mode, boolean directory, String spec) {
        int i = 0;
        int who = 0;
        while (i < clause.length() && "ugoa".indexOf(clause.charAt(i)) >= 0) {
            who |= switch (clause.charAt(i)) {
                case 'u' -> 04700;
                case 'g' -> 02070;
                case 'o' -> 01007;
                default -> 07777;
            };
            i++;
        }
        if (who == 0) {
            who = 07777;
        }
        if (i >= clause.length() || "+-=".indexOf(clause.charAt(i)) < 0) {
            throw syntax(spec, clause.isEmpty() ? "an empty clause" : "no +, - or = in '" + clause + "'");
        }
        char op = clause.charAt(i++);
        int bits = 0;
        for (; i < clause.length(); i++) {
            bits |= switch (clause.charAt(i)) {
                case 'r' -> 0444;
                case 'w' -> 0222;
                case 'x' -> 0111;
                case 'X' -> directory || (mode & 0111) != 0 ? 0111 : 0;
                case 's' -> 06000;
                case 't' -> 01000;
                default -> throw syntax(spec, "unknown permission '" + clause.charAt(i) + "'");
            };
        }
        bits &= who;
        return switch (op) {
            case '+' -> mode | bits;
            case '-' -> mode & ~bits;
            default -> (mode & ~who) | bits;
        };
    }
}
