package io.jbuild.grammar.source;

/**
 * A place in a Dockerfile: 1-based line, 1-based column. Columns count UTF-16 code units, as editors
 * speaking the Language Server Protocol do.
 */
public record Position(int line, int column) implements Comparable<Position> {

    public Position {
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column are 1-based: " + line + ":" + column);
        }
    }

    @Override
    public int compareTo(Position o) {
        return line != o.line ? Integer.compare(line, o.line) : Integer.compare(column, o.column);
    }

    // equals and hashCode written out: a record's generated ones link method handles at their first call
    // (java.lang.runtime.ObjectMethods, a dozen generated classes), paid by every lint whose first map key is a position.
    @Override
    public boolean equals(Object o) {
        return o instanceof Position p && line == p.line && column == p.column;
    }

    @Override
    public int hashCode() {
        return 31 * line + column;
    }

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
