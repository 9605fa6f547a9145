package io.jbuild.grammar.parser;

import io.jbuild.grammar.ast.Directive;
import io.jbuild.grammar.ast.Dockerfile;
import io.jbuild.grammar.ast.Heredoc;
import io.jbuild.grammar.ast.Instruction;
import io.jbuild.grammar.shell.ExpansionException;
import io.jbuild.grammar.source.Diagnostic;
import io.jbuild.grammar.source.Position;
import io.jbuild.grammar.source.Severity;
import io.jbuild.grammar.source.SourceRange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The public entry point of the language: Dockerfile text in, {@link ParseResult} out.
 *
 * <p>Parsing never throws on any text. Problems become diagnostics with line and column, and reading resumes
 * at the next instruction, so an editor always gets the instructions that are well formed. The line
 * structure (directives, escape character, continuations, comment and blank lines inside continuations,
 * heredoc bodies) follows BuildKit's parser; each instruction is then read by the ANTLR grammar
 * ({@code InstructionLexer}, {@code InstructionParser}, {@code JsonArray}) and checked by {@link InstructionFactory}.
 */
public final class DockerfileParser {

    private DockerfileParser() {
    }

    public static ParseResult parse(Path file) throws IOException {
        return parse(decode(Files.readAllBytes(file)));
    }

    /** Text from bytes as BuildKit reads them: UTF-8, with malformed bytes replaced rather than fatal. */
    public static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder cannot fail", e);
        }
    }

    public static ParseResult parse(String text) {
        return new Run(text).parse();
    }

    /** The state of one parse; never shared. */
    private static final class Run {
        private final PhysicalLines lines;
        private final List<Diagnostic> diagnostics = new ArrayList<>();
        private final List<Node> nodes = new ArrayList<>();
        private final List<Directive> directives = new ArrayList<>();
        private final DirectiveScanner directiveScanner = new DirectiveScanner();
        private char escape = '\\';
        private int cursor; // next physical line, 0-based

        Run(String text) {
            this.lines = PhysicalLines.of(text.startsWith("\uFEFF") ? text.substring(1) : text);
        }

        ParseResult parse() {
            List<String> comments = new ArrayList<>();
            boolean sawInstruction = false;
            while (cursor < lines.size()) {
                String content = lines.content(cursor);
                if (PhysicalLines.isComment(content)) {
                    String comment = Spaces.trim(Spaces.trimLeft(content).substring(1));
                    if (comment.isEmpty()) {
                        comments.clear();
                    } else {
                        comments.add(comment);
                    }
                }
                String trimmed = Spaces.trimLeft(content);
                int indent = content.length() - trimmed.length();
                if (scanDirective(trimmed, cursor + 1, indent)) {
                    comments.remove(comments.size() - 1);
                }
                if (PhysicalLines.isComment(trimmed)) {
                    trimmed = "";
                }
                cursor++;
                int startLine = cursor;

                LogicalLine logical = new LogicalLine();
                int cut = continuationCut(trimmed);
                if (cut < 0 && trimmed.isEmpty()) {
                    continue;
                }
                logical.append(startLine, indent, cut < 0 ? trimmed : trimmed.substring(0, cut));
                boolean endOfLine = cut < 0;
                boolean emptyContinuation = false;
                while (!endOfLine && cursor < lines.size()) {
                    String next = lines.content(cursor);
                    cursor++;
                    if (PhysicalLines.isComment(next)) {
                        continue;
                    }
                    if (Spaces.trimLeft(next).isEmpty()) {
                        emptyContinuation = true;
                        continue;
                    }
                    int c = continuationCut(next);
                    endOfLine = c < 0;
                    logical.append(cursor, 0, endOfLine ? next : next.substring(0, c));
                }
                sawInstruction = true;
                if (emptyContinuation) {
                    diagnostics.add(new Diagnostic(Severity.WARNING, "NoEmptyContinuation",
                            "Empty continuation line found in: " + logical.text()
                                    + " (empty continuation lines will become errors in a future release)",
                            SourceRange.lines(cursor, cursor)));
                }
                readInstruction(logical, startLine, List.copyOf(comments));
                comments.clear();
            }
            if (!sawInstruction) {
                int line = Math.max(1, lines.size());
                diagnostics.add(Diagnostic.syntaxError("file with no instructions", SourceRange.lines(line, line)));
            }
            List<Instruction> instructions = new ArrayList<>();
            for (Node node : nodes) {
                InstructionFactory.create(node, diagnostics).ifPresent(instructions::add);
            }
            diagnostics.sort(Comparator.comparing(d -> d.range().start()));
            return new ParseResult(new Dockerfile(directives, escape, instructions), nodes, diagnostics);
        }

        /** Records a directive if this line is one; true when it was. */
        private boolean scanDirective(String line, int lineNumber, int indent) {
            Optional<DirectiveScanner.Found> found;
            SourceRange where = SourceRange.of(lineNumber, indent + 1, lineNumber, indent + line.length() + 1);
            try {
                found = directiveScanner.scan(line);
            } catch (DirectiveScanner.DuplicateDirectiveException e) {
                diagnostics.add(Diagnostic.syntaxError(e.getMessage(), where));
                return false;
            }
            if (found.isEmpty()) {
                return false;
            }
            String name = found.get().name();
            String value = found.get().value();
            if (name.equals("escape")) {
                if (!value.equals("\\") && !value.equals("`")) {
                    diagnostics.add(Diagnostic.syntaxError(
                            "invalid escape token '" + value + "' does not match ` or \\", where));
                    return false;
                }
                escape = value.charAt(0);
            }
            directives.add(new Directive(name, value, where));
            return true;
        }

        /**
         * Where a trailing escape character (a line continuation) starts, or -1. Like BuildKit, an escape
         * directly preceded by another escape is not a continuation.
         */
        private int continuationCut(String line) {
            int i = line.length();
            while (i > 0 && (line.charAt(i - 1) == ' ' || line.charAt(i - 1) == '\t')) {
                i--;
            }
            if (i == 0 || line.charAt(i - 1) != escape) {
                return -1;
            }
            int at = i - 1;
            if (at > 0 && line.charAt(at - 1) == escape) {
                return -1;
            }
            return at;
        }

        private void readInstruction(LogicalLine logical, int startLine, List<String> comments) {
            SourceRange provisional = new SourceRange(logical.positionAt(0), endOfLine(cursor));
            Optional<Node> read;
            try {
                read = new NodeReader(escape).read(logical, 0, comments, provisional);
            } catch (NodeReader.NodeException e) {
                diagnostics.add(Diagnostic.syntaxError(e.getMessage(), e.range()));
                return;
            }
            if (read.isEmpty()) {
                return;
            }
            Node node = read.get();
            if (NodeReader.canContainHeredoc(node) && logical.text().contains("<<")) {
                node = readHeredocs(node, logical, startLine);
                if (node == null) {
                    return;
                }
            }
            Position start = node.keywordRange().start();
            nodes.add(node.withHeredocs(node.heredocs(), new SourceRange(start, endOfLine(cursor)),
                    sourceText(start, cursor)));
        }

        /** Reads the bodies of the heredocs the line opens; null (with a diagnostic) when one is not terminated. */
        private Node readHeredocs(Node node, LogicalLine logical, int startLine) {
            List<HeredocMarkers.Marker> markers;
            try {
                markers = HeredocMarkers.inLine(logical.text());
            } catch (ExpansionException e) {
                diagnostics.add(Diagnostic.syntaxError(e.getMessage(), node.argumentRange()));
                return null;
            }
            List<Heredoc> docs = new ArrayList<>();
            for (HeredocMarkers.Marker marker : markers) {
                int bodyStart = cursor + 1;
                StringBuilder body = new StringBuilder();
                boolean terminated = false;
                while (cursor < lines.size()) {
                    String raw = lines.raw(cursor);
                    cursor++;
                    String candidate = PhysicalLines.trimNewline(raw);
                    if (marker.chomp()) {
                        candidate = candidate.replaceFirst("^\t+", "");
                    }
                    if (candidate.equals(marker.name())) {
                        terminated = true;
                        break;
                    }
                    body.append(raw);
                }
                if (!terminated) {
                    diagnostics.add(Diagnostic.syntaxError("unterminated heredoc " + marker.name()
                            + " (no line that is exactly \"" + marker.name() + "\")",
                            new SourceRange(node.keywordRange().start(), endOfLine(Math.max(cursor, startLine)))));
                    return null;
                }
                docs.add(new Heredoc(marker.name(), marker.fileDescriptor(), marker.expand(), marker.chomp(),
                        body.toString(), new SourceRange(new Position(bodyStart, 1), endOfLine(cursor))));
            }
            return node.withHeredocs(docs, node.range(), node.source());
        }

        /** The file's text from {@code start} through the end of line {@code lastLine}, line endings kept. */
        private String sourceText(Position start, int lastLine) {
            StringBuilder out = new StringBuilder();
            for (int l = start.line(); l <= lastLine && l <= lines.size(); l++) {
                String text = l == lastLine ? lines.content(l - 1) : lines.raw(l - 1);
                out.append(l == start.line() ? text.substring(Math.min(text.length(), start.column() - 1)) : text);
            }
            return out.toString();
        }

        /** Just past the last character of line {@code lineNumber} (1-based). */
        private Position endOfLine(int lineNumber) {
            if (lineNumber < 1 || lineNumber > lines.size()) {
                return new Position(Math.max(1, lineNumber), 1);
            }
            return new Position(lineNumber, lines.content(lineNumber - 1).length() + 1);
        }
    }
}
