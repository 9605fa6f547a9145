package io.jbuild.core.context;

import io.jbuild.grammar.gotext.GoText;

/**
 * A symbolic link's target exactly as stored (bytes; may be absolute, contain "..", or point nowhere). Java reads
 * targets through {@link java.nio.file.Path}, which drops a trailing '/' and repeated slashes; those are lost.
 */
public final class LinkTarget extends NameBytes {

    LinkTarget(byte[] bytes) {
        super(bytes.clone());
    }

    public static LinkTarget of(String target) {
        return new LinkTarget(GoText.utf8(target));
    }

    public boolean isAbsolute() {
        return bytes.length > 0 && bytes[0] == '/';
    }
}
