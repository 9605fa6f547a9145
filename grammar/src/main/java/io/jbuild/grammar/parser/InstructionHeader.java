package io.jbuild.grammar.parser;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

/**
 * Splits one logical instruction into keyword, flags and argument text with the {@code InstructionLexer}
 * and {@code InstructionParser} grammars. Offsets are relative to the text given.
 */
record InstructionHeader(Part keyword, List<FlagPart> flags, Part arguments) {

    /** A piece of the text: {@code [start, end)}. */
    record Part(String text, int start, int end) {
    }

    /** A flag as written and decoded to BuildKit's {@code --name=value} word. */
    record FlagPart(String raw, String decoded, int start, int end) {
    }

    static final class HeaderException extends Exception {
        HeaderException(String message) {
            super(message);
        }
    }

    private static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    private static final BaseErrorListener THROWING = new BaseErrorListener() {
        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int col, String msg,
                                RecognitionException e) {
            throw new Failure(msg);
        }
    };

    /** {@code text} must be non-empty and trimmed of white space at both ends. */
    static InstructionHeader parse(String text, char escape) throws HeaderException {
        InstructionHeader plain = plain(text, escape);
        return plain != null ? plain : lexed(text, escape);
    }

    /**
     * The header of an instruction whose flags have no quote and no escape character, and no {@code --} alone (most
     * of them), read without the lexer, as it reads it: the keyword up to the first space, each flag up to the next,
     * then the arguments to the end. Null for any other text, and for text whose offsets in code points (the lexer's)
     * are not those in chars. A cold process spent a fifth of its parse making the lexer's input and running its
     * automaton, which the predicates of a flag's characters keep from caching its steps.
     */
    static InstructionHeader plain(String text, char escape) {
        int n = text.length();
        if (text.codePointCount(0, n) != n) {
            return null;
        }
        int k = 0;
        while (k < n && !isSpace(text.charAt(k))) {
            k++;
        }
        if (k == 0) {
            return null;
        }
        int a = skipSpaces(text, k);
        List<FlagPart> flags = new ArrayList<>();
        while (a + 1 < n && text.charAt(a) == '-' && text.charAt(a + 1) == '-') {
            int e = a + 2;
            while (e < n && !isSpace(text.charAt(e))) {
                char c = text.charAt(e);
                if (c == '"' || c == '\'' || c == escape) {
                    return null;
                }
                e++;
            }
            if (e == a + 2) {
                return null; // the end of the flags
            }
            String raw = text.substring(a, e);
            flags.add(new FlagPart(raw, raw, a, e));
            a = skipSpaces(text, e);
        }
        Part arguments = a < n ? new Part(text.substring(a), a, n) : new Part("", n, n);
        return new InstructionHeader(new Part(text.substring(0, k), 0, k), flags, arguments);
    }

    private static int skipSpaces(String text, int from) {
        int i = from;
        while (i < text.length() && isSpace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The lexer's white space between words ({@code SPACE} of {@code InstructionLexer.g4}). */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /** The header as {@code InstructionLexer} reads it. */
    static InstructionHeader lexed(String text, char escape) throws HeaderException {
        InstructionLexer lexer = new InstructionLexer(CharStreams.fromString(text));
        lexer.setEscapeChar(escape);
        lexer.removeErrorListeners();
        lexer.addErrorListener(THROWING);
        Token kw = null;
        List<FlagPart> flags = new ArrayList<>();
        Token args = null;
        try {
            // The lexer's modes give only KEYWORD (SEPARATOR FLAG)* (SEPARATOR END_OF_FLAGS)? (SEPARATOR ARGUMENTS)?
            // (arguments run to the end; after END_OF_FLAGS only arguments come): all there is left to check is a
            // separator before each flag, end of flags and arguments. A flag whose quote is left open is followed
            // directly by arguments.
            boolean separated = false;
            for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
                if (t.getChannel() != Token.DEFAULT_CHANNEL) {
                    continue;
                }
                if (kw == null) {
                    kw = t;
                } else if (t.getType() == InstructionLexer.SEPARATOR) {
                    separated = true;
                } else if (!separated) {
                    throw new Failure("no separator before " + t.getText());
                } else {
                    separated = false;
                    if (t.getType() == InstructionLexer.FLAG) {
                        flags.add(new FlagPart(t.getText(), decodeFlag(t.getText(), escape), t.getStartIndex(),
                                t.getStopIndex() + 1));
                    } else if (t.getType() == InstructionLexer.ARGUMENTS) {
                        args = t;
                    }
                }
            }
        } catch (Failure e) {
            throw new HeaderException("cannot read the flags of this instruction: a quote is left open");
        }
        if (kw == null) {
            throw new HeaderException("cannot read the flags of this instruction: a quote is left open");
        }
        Part keyword = new Part(kw.getText(), kw.getStartIndex(), kw.getStopIndex() + 1);
        Part arguments = args != null ? new Part(args.getText(), args.getStartIndex(), args.getStopIndex() + 1)
                : new Part("", text.length(), text.length());
        return new InstructionHeader(keyword, flags, arguments);
    }

    /** Removes the quotes of a flag word and resolves its escapes, as BuildKit does before it reads flags. */
    static String decodeFlag(String raw, char escape) {
        StringBuilder out = new StringBuilder(raw.length());
        int quote = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (quote == 0 && (c == '"' || c == '\'')) {
                quote = c;
            } else if (quote != 0 && c == quote) {
                quote = 0;
            } else if (c == escape) {
                if (i + 1 < raw.length()) {
                    out.append(raw.charAt(++i));
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
