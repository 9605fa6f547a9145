package io.jbuild.grammar.shell;

/**
 * The few Go library character rules BuildKit's lexer leans on, so that results and messages match it exactly
 * rather than following Java's slightly different definitions.
 */
final class GoText {

    private GoText() {
    }

    /**
     * Go's {@code unicode.IsSpace}: the Unicode White_Space set. Unlike {@link Character#isWhitespace} it includes
     * no-break spaces and excludes the ASCII separators U+001C..U+001F.
     */
    static boolean isSpace(int c) {
        if (c <= 0xFF) {
            return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xA0;
        }
        return c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F
                || c == 0x205F || c == 0x3000;
    }

    /** Go's {@code unicode.IsLetter || unicode.IsDigit || '_'}: the characters of a variable name. */
    static boolean isNameChar(int c) {
        return Character.isLetter(c) || Character.isDigit(c) || c == '_';
    }

    /** The text of one code point, or U+FFFD for end of input, as Go's {@code string(rune(-1))} gives. */
    static String text(int c) {
        return c < 0 ? "\uFFFD" : Character.toString(c);
    }

    /** {@code s} quoted like Go's {@code %q} / {@code strconv.Quote}, which is how BuildKit names a word in errors. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case 0x07 -> b.append("\\a");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case 0x0B -> b.append("\\v");
                default -> {
                    if (isPrint(c)) {
                        b.appendCodePoint(c);
                    } else if (c < ' ' || c == 0x7F) {
                        b.append(String.format("\\x%02x", c));
                    } else if (c <= 0xFFFF) {
                        b.append(String.format("\\u%04x", c));
                    } else {
                        b.append(String.format("\\U%08x", c));
                    }
                }
            }
        });
        return b.append('"').toString();
    }

    /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    private static boolean isPrint(int c) {
        if (c == ' ') {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                    Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                    Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                    Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION,
                    Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                    Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }
}
