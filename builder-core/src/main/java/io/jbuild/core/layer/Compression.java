package io.jbuild.core.layer;

import java.util.Locale;

/** How a layer tar is compressed, and the OCI media type that says so. */
public enum Compression {
    GZIP("application/vnd.oci.image.layer.v1.tar+gzip"),
    ZSTD("application/vnd.oci.image.layer.v1.tar+zstd"),
    NONE("application/vnd.oci.image.layer.v1.tar");

    private final String mediaType;

    Compression(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** {@code gzip}, {@code zstd} or {@code uncompressed}, as {@code --compression} takes them. */
    public static Compression parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "gzip" -> GZIP;
            case "zstd" -> ZSTD;
            case "uncompressed", "none" -> NONE;
            default -> throw new IllegalArgumentException("unknown compression \"" + name
                    + "\": use gzip, zstd or uncompressed");
        };
    }
}
