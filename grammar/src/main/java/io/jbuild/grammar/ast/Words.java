package io.jbuild.grammar.ast;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The shapes of words the instructions expand, each through a {@link WordExpansion}. */
final class Words {

    private Words() {
    }

    static <X extends Exception> List<String> each(List<String> words, WordExpansion<X> x) throws X {
        List<String> out = new ArrayList<>(words.size());
        for (String w : words) {
            out.add(x.word(w));
        }
        return out;
    }

    static <X extends Exception> Optional<String> optional(Optional<String> word, WordExpansion<X> x) throws X {
        return word.isPresent() ? Optional.of(x.word(word.get())) : Optional.empty();
    }

    /** ENV and LABEL: keys and values alike. */
    static <X extends Exception> List<KeyValue> pairs(List<KeyValue> pairs, WordExpansion<X> x) throws X {
        List<KeyValue> out = new ArrayList<>(pairs.size());
        for (KeyValue kv : pairs) {
            out.add(new KeyValue(x.word(kv.key()), x.word(kv.value()), kv.legacyFormat()));
        }
        return out;
    }

    /** Bodies of here-documents with an unquoted delimiter; quoted ones are taken literally. */
    static <X extends Exception> List<Heredoc> heredocs(List<Heredoc> docs, WordExpansion<X> x) throws X {
        List<Heredoc> out = new ArrayList<>(docs.size());
        for (Heredoc h : docs) {
            out.add(h.expand() ? new Heredoc(h.name(), h.fileDescriptor(), true, h.chomp(), x.heredoc(h.content()),
                    h.range()) : h);
        }
        return out;
    }
}
