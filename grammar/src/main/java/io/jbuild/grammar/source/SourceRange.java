package io.jbuild.grammar.source;

/** A span of a Dockerfile from {@code start} (inclusive) to {@code end} (exclusive). */
public record SourceRange(Position start, Position end) {

    public SourceRange {
        if (end.compareTo(start) < 0) {
            throw new IllegalArgumentException("range ends before it starts: " + start + "-" + end);
        }
    }

    public static SourceRange of(int startLine, int startColumn, int endLine, int endColumn) {
        return new SourceRange(new Position(startLine, startColumn), new Position(endLine, endColumn));
    }

    /** The whole of the given lines, for errors that have no better column. */
    public static SourceRange lines(int startLine, int endLine) {
        return of(startLine, 1, endLine, 1);
    }

    // written out for the reason Position's are
    @Override
    public boolean equals(Object o) {
        return o instanceof SourceRange r && start.equals(r.start) && end.equals(r.end);
    }

    @Override
    public int hashCode() {
        return 31 * start.hashCode() + end.hashCode();
    }

    @Override
    public String toString() {
        return start + "-" + end;
    }
}
