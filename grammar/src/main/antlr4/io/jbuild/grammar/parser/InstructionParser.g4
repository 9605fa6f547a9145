/*
 * One logical Dockerfile instruction: keyword, flags, arguments. The
 * argument syntax of each instruction (exec form, key=value pairs, stage
 * names, heredoc markers) is read from the `arguments` text by the
 * per-instruction rules in ArgumentParsers, which follow BuildKit's.
 */
parser grammar InstructionParser;

options { tokenVocab = InstructionLexer; }

// KEYWORD (SEPARATOR FLAG)* (SEPARATOR END_OF_FLAGS)? (SEPARATOR ARGUMENTS)? SEPARATOR? is the layout. The lexer's
// modes allow no other order (arguments run to the end; after END_OF_FLAGS only arguments follow), so the rule need
// only look one token ahead, with no prediction: a token after a flag with no separator (a quote left open) is the
// one error to catch, and is caught.
instruction
    : keyword (SEPARATOR (flag | endOfFlags | arguments)?)* EOF
    ;

keyword
    : ADD | ARG | CMD | COPY | ENTRYPOINT | ENV | EXPOSE | FROM | HEALTHCHECK | LABEL
    | MAINTAINER | ONBUILD | RUN | SHELL | STOPSIGNAL | USER | VOLUME | WORKDIR
    | UNKNOWN_KEYWORD
    ;

flag       : FLAG;
endOfFlags : END_OF_FLAGS;
arguments  : ARGUMENTS;
