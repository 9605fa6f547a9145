/*
 * Tokens of one logical Dockerfile instruction: the text that remains once
 * LogicalLineReader has joined continuation lines, dropped comment lines and
 * cut heredoc bodies. The escape character is set per file by the `# escape=`
 * directive, hence the predicate.
 *
 * Layout of an instruction:  KEYWORD (SPACE FLAG)* (SPACE END_OF_FLAGS)? (SPACE ARGUMENTS)?
 * Flags are words starting with "--" directly after the keyword (BuildKit's
 * rule); the first word that does not start with "--" begins the arguments,
 * which run to the end of the line as one token and are split per instruction.
 * The modes allow no other order: InstructionHeader checks only that a
 * separator comes before each flag, end of flags and arguments (a flag whose
 * quote is left open runs straight into arguments).
 */
lexer grammar InstructionLexer;

@members {
    private int escapeChar = '\\';

    /** Sets the escape character in force (a backslash or a backtick). */
    public void setEscapeChar(int c) { this.escapeChar = c; }

    private boolean atEscape() { return _input.LA(1) == escapeChar; }

    private boolean atSpaceOrEnd() {
        int c = _input.LA(1);
        return c == EOF || c == ' ' || c == '\t' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /**
     * Ends the current token at the end of the text. The arguments are everything after their first character: one
     * jump there, not one step of the lexer's automaton per character of a long RUN line.
     */
    private void toEnd() { _input.seek(_input.size()); }
}

// The keyword is the first word, whatever it says: the typed layer looks it up (case-insensitively) and refuses
// what is not one. One rule, not one per keyword: an automaton of two states, not of every keyword's letters in
// both cases, which each lint process built anew edge by edge.
KEYWORD : NON_SPACE+ -> mode(FLAGS);

LEADING_SPACE : SPACE+ -> channel(HIDDEN);

fragment SPACE     : [ \t\u000B\f\r];
fragment NON_SPACE : ~[ \t\u000B\f\r];

mode FLAGS;

SEPARATOR : SPACE+;

// A lone "--" ends the flags; what follows is arguments even if it looks like a flag.
END_OF_FLAGS : '--' {atSpaceOrEnd()}? -> mode(REST);

FLAG : '--' FLAG_PART+;

// The first word not starting with "--" begins the arguments, which run to the end (toEnd: the whole rest).
ARGUMENTS : (~[ \t\u000B\f\r-] | '-' {_input.LA(1) != '-'}?) {toEnd();};

// Quotes group spaces into a flag; the escape character takes the next character literally.
fragment FLAG_PART
    : {atEscape()}? . .
    | '"' ( {atEscape()}? . . | ~'"' )* '"'
    | '\'' ( {atEscape()}? . . | ~'\'' )* '\''
    | ~[ \t\u000B\f\r"']
    ;

mode REST;

REST_SEPARATOR : SPACE+ -> type(SEPARATOR);

REST_ARGUMENTS : ~[ \t\u000B\f\r] {toEnd();} -> type(ARGUMENTS);
