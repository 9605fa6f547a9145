package io.jbuild.core.image;

import java.util.List;

/** An index has no manifest for the wanted platform; the message lists the platforms it has. */
public final class NoMatchingPlatformException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Platform wanted;
    private final transient List<Platform> available;

    public NoMatchingPlatformException(Platform wanted, List<Platform> available) {
        super("no matching manifest for " + wanted.format() + " in the manifest list entries; available: "
                + (available.isEmpty() ? "none" : String.join(", ", available.stream().map(Platform::format).toList())));
        this.wanted = wanted;
        this.available = List.copyOf(available);
    }

    public Platform wanted() {
        return wanted;
    }

    public List<Platform> available() {
        return available;
    }
}
