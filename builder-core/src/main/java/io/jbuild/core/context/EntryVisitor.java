package io.jbuild.core.context;

import java.io.IOException;

/** Receives the entries of a context walk, one at a time, in walk order. */
@FunctionalInterface
public interface EntryVisitor {
    void visit(ContextEntry entry) throws IOException;
}
