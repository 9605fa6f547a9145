/*
 * One logical Dockerfile instruction: keyword, flags, arguments. The
 * argument syntax of each instruction (exec form, key=value pairs, stage
 * names, heredoc markers) is read from the `arguments` text by the
 * per-instruction rules in ArgumentParsers, which follow BuildKit's.
 */
parser grammar InstructionParser;

options { tokenVocab = InstructionLexer; }

instruction
    : keyword (SEPARATOR flag)* (SEPARATOR endOfFlags)? (SEPARATOR arguments)? SEPARATOR? EOF
    ;

keyword
    : ADD | ARG | CMD | COPY | ENTRYPOINT | ENV | EXPOSE | FROM | HEALTHCHECK | LABEL
    | MAINTAINER | ONBUILD | RUN | SHELL | STOPSIGNAL | USER | VOLUME | WORKDIR
    | UNKNOWN_KEYWORD
    ;

flag       : FLAG;
endOfFlags : END_OF_FLAGS;
arguments  : ARGUMENTS;
