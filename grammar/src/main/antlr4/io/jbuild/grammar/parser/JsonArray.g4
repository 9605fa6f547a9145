/*
 * The exec form of RUN, CMD, ENTRYPOINT, SHELL, ... is a JSON array
 * (RFC 8259, with the whitespace JSON allows). Any JSON value parses here so
 * that the caller can tell "not JSON" (fall back to shell form) from "JSON,
 * but not an array of strings" (an error), as BuildKit does.
 */
grammar JsonArray;

document : array EOF;

array  : '[' (value (',' value)*)? ']';
object : '{' (member (',' member)*)? '}';
member : STRING ':' value;

value
    : STRING   # stringValue
    | NUMBER   # otherValue
    | 'true'   # otherValue
    | 'false'  # otherValue
    | 'null'   # otherValue
    | object   # otherValue
    | array    # otherValue
    ;

STRING : '"' (ESCAPE | ~["\\\u0000-\u001F])* '"';
NUMBER : '-'? ('0' | [1-9] [0-9]*) ('.' [0-9]+)? ([eE] [+-]? [0-9]+)?;
WS     : [ \t\n\r]+ -> skip;

// Any other character makes the text "not JSON" instead of being skipped.
INVALID : .;

fragment ESCAPE : '\\' (["\\/bfnrt] | 'u' HEX HEX HEX HEX);
fragment HEX    : [0-9a-fA-F];
