package io.jbuild.cli.lsp;

import io.jbuild.core.store.ImageStore;
import io.jbuild.core.store.ImageSummary;
import io.jbuild.core.store.StorePaths;
import io.jbuild.lsp.ImageNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The tags of jbuild's image store, for the language server's completion: read when a completion first wants them
 * (the server starts without touching the store), and again only once the store's index has changed. A store that
 * does not exist is not made: no names.
 */
final class StoreImageNames implements ImageNames {

    /** The names read from an index of this modification time and size. */
    private record Read(FileTime modified, long size, List<String> names) {
    }

    private final Path root;
    private volatile Read last;

    StoreImageNames(Path root) {
        this.root = root;
    }

    @Override
    public List<String> names() {
        Path index = StorePaths.of(root).indexFile();
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(index, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Read r = last;
        if (r != null && r.modified().equals(attrs.lastModifiedTime()) && r.size() == attrs.size()) {
            return r.names();
        }
        Set<String> names = new LinkedHashSet<>();
        try {
            for (ImageSummary s : ImageStore.open(root).list()) {
                if (s.reference() != null) {
                    names.add(s.reference().familiarName());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> out = List.copyOf(new ArrayList<>(names));
        last = new Read(attrs.lastModifiedTime(), attrs.size(), out);
        return out;
    }
}
