package io.jbuild.core.store;

import io.jbuild.grammar.reference.Digest;
import io.jbuild.grammar.reference.ImageReference;
import io.jbuild.grammar.reference.InvalidReferenceException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which entries of {@code index.json} a user's words name, in docker's order: a full image ID, then a
 * reference ({@code nginx}, {@code nginx:1}, {@code nginx@sha256:…}), then a unique image ID prefix.
 */
final class ImageLookup {

    private static final Pattern ID_PREFIX = Pattern.compile("(?:sha256:)?([a-f0-9]{1,64})");

    /**
     * What the words matched.
     *
     * @param entries the entries found: one for a reference, all entries of the image for an ID
     * @param byId    true when found by image ID (or manifest digest), not by name
     * @param id      the image ID
     */
    record Match(List<IndexEntry> entries, boolean byId, Digest id) {
    }

    private ImageLookup() {
    }

    /**
     * @throws NoSuchImageException if nothing matches
     * @throws ImageConflictException if an ID prefix matches several images
     */
    static Match find(String input, List<IndexEntry> entries) {
        Matcher idMatcher = ID_PREFIX.matcher(input);
        String hex = idMatcher.matches() ? idMatcher.group(1) : null;
        if (hex != null && hex.length() == 64) {
            Digest id = Digest.sha256(hex);
            List<IndexEntry> byId = entries.stream().filter(e -> id.equals(e.imageId())).toList();
            if (!byId.isEmpty()) {
                return new Match(byId, true, id);
            }
            List<IndexEntry> byManifest = entries.stream().filter(e -> id.equals(e.descriptor().digest())).toList();
            if (!byManifest.isEmpty()) {
                return new Match(byManifest, true, byManifest.get(0).imageId());
            }
        }
        ImageReference ref = parseOrNull(input);
        if (ref != null) {
            for (IndexEntry e : entries) {
                ImageReference r = e.reference();
                if (r != null && r.name().equals(ref.name())
                        && (!ref.hasTag() || ref.tag().equals(r.tag()))
                        && (!ref.hasDigest() || ref.digest().equals(e.descriptor().digest()))) {
                    return new Match(List.of(e), false, e.imageId());
                }
            }
        }
        if (hex != null && hex.length() < 64) {
            Set<Digest> ids = new LinkedHashSet<>();
            for (IndexEntry e : entries) {
                if (e.imageId().algorithm().equals(Digest.SHA256) && e.imageId().encoded().startsWith(hex)) {
                    ids.add(e.imageId());
                }
            }
            if (ids.size() > 1) {
                throw new ImageConflictException("short image ID " + input + " is ambiguous: it matches "
                        + ids.size() + " images");
            }
            if (ids.size() == 1) {
                Digest id = ids.iterator().next();
                return new Match(entries.stream().filter(e -> id.equals(e.imageId())).toList(), true, id);
            }
        }
        throw new NoSuchImageException(input);
    }

    private static ImageReference parseOrNull(String input) {
        try {
            return ImageReference.parse(input);
        } catch (InvalidReferenceException e) {
            return null;
        }
    }
}
