package io.jbuild.lsp;

import io.jbuild.grammar.source.Position;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.lsp4j.Location;

/** Go to definition and find references, for stage names and variables. */
final class Navigation {

    private Navigation() {
    }

    static List<Location> definition(Analysis a, org.eclipse.lsp4j.Position p) {
        List<Occurrences.Occurrence> all = Occurrences.of(a);
        Position at = a.lines().grammarPosition(a.lines().offset(p));
        Optional<Occurrences.Occurrence> o = Occurrences.at(all, at);
        if (o.isEmpty()) {
            return List.of();
        }
        Occurrences.Occurrence use = o.get();
        List<Occurrences.Occurrence> candidates = all.stream()
                .filter(d -> d.declaration() && d.kind() == use.kind() && d.name().equals(use.name())).toList();
        if (use.kind() == Occurrences.Kind.VARIABLE) {
            // the last declaration before the use, in its stage or before the first FROM
            Occurrences.Occurrence best = null;
            for (Occurrences.Occurrence d : candidates) {
                if (d.range().start().compareTo(use.range().start()) <= 0
                        && (d.stage() == use.stage() || d.stage() == -1)) {
                    best = d;
                }
            }
            if (best != null) {
                candidates = List.of(best);
            }
        } else if (!candidates.isEmpty()) {
            candidates = List.of(candidates.get(0));
        }
        return locations(a, candidates);
    }

    static List<Location> references(Analysis a, org.eclipse.lsp4j.Position p, boolean declarations) {
        List<Occurrences.Occurrence> all = Occurrences.of(a);
        Position at = a.lines().grammarPosition(a.lines().offset(p));
        Optional<Occurrences.Occurrence> o = Occurrences.at(all, at);
        if (o.isEmpty()) {
            return List.of();
        }
        return locations(a, all.stream().filter(x -> x.kind() == o.get().kind() && x.name().equals(o.get().name())
                && (declarations || !x.declaration())).toList());
    }

    private static List<Location> locations(Analysis a, List<Occurrences.Occurrence> os) {
        List<Location> out = new ArrayList<>();
        for (Occurrences.Occurrence o : os) {
            out.add(new Location(a.document().uri(), a.lines().range(o.range())));
        }
        return out;
    }
}
