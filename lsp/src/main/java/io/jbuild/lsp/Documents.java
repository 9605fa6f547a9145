package io.jbuild.lsp;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The open documents by URI, each with its analysis, made once per version when first asked for (by the diagnostics
 * or a request, whichever comes first). Changes come in order from the protocol thread; readers on other threads see
 * whole versions only.
 */
final class Documents {

    /** A version and its analysis, made at most once. */
    private static final class Entry {
        final TextDocument document;
        private final Supplier<Analysis> make;
        private volatile Analysis analysis;

        Entry(TextDocument document, Supplier<Analysis> make) {
            this.document = document;
            this.make = make;
        }

        Analysis analysis() {
            Analysis a = analysis;
            if (a == null) {
                synchronized (this) {
                    a = analysis;
                    if (a == null) {
                        a = make.get();
                        analysis = a;
                    }
                }
            }
            return a;
        }
    }

    private final Map<String, Entry> open = new ConcurrentHashMap<>();
    private volatile ServerSettings settings = ServerSettings.NONE;
    // made by the first lint, not with the server: the rules' classes and patterns take a while to load, and the
    // answer to initialize need not wait for them (Main loads them beside it)
    private volatile SplitLinter linter;

    void settings(ServerSettings s) {
        settings = s;
    }

    ServerSettings settings() {
        return settings;
    }

    /** The URIs of the open documents. */
    List<String> uris() {
        return List.copyOf(open.keySet());
    }

    void put(TextDocument d) {
        ServerSettings s = settings;
        put(d, () -> Analysis.of(d, s, (text, parse, options) -> linter().lint(text, parse, options)));
    }

    private SplitLinter linter() {
        SplitLinter l = linter;
        if (l == null) {
            synchronized (this) {
                l = linter;
                if (l == null) {
                    l = new SplitLinter();
                    linter = l;
                }
            }
        }
        return l;
    }

    /** A version whose analysis {@code make} makes (tests hold a lint running with it). */
    void put(TextDocument d, Supplier<Analysis> make) {
        open.put(d.uri(), new Entry(d, make));
    }

    void remove(String uri) {
        open.remove(uri);
    }

    Optional<TextDocument> document(String uri) {
        Entry e = open.get(uri);
        return e == null ? Optional.empty() : Optional.of(e.document);
    }

    /** The analysis of the document's current version. */
    Optional<Analysis> analysis(String uri) {
        Entry e = open.get(uri);
        return e == null ? Optional.empty() : Optional.of(e.analysis());
    }

    boolean anyOpen() {
        return !open.isEmpty();
    }

    /** True while {@code version} is the document's current one. */
    boolean current(String uri, int version) {
        Entry e = open.get(uri);
        return e != null && e.document.version() == version;
    }
}
