package io.jbuild.core.layer;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** zstd through zstd-jni (the library commons-compress uses too); level 3 is zstd's own default. */
final class ZstdStreams {

    private ZstdStreams() {
    }

    static OutputStream compress(OutputStream out) throws IOException {
        return new ZstdOutputStream(out, 3);
    }

    static InputStream decompress(InputStream in) throws IOException {
        return new ZstdInputStream(in);
    }
}
