package io.jbuild.core.build;

import io.jbuild.core.layer.LayerApplier;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Optional;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import com.github.luben.zstd.ZstdInputStream;

/** What ADD does beyond COPY: unpacking local tar archives and fetching URLs. */
final class AddSources {

    private static final long MAX_ARCHIVE_BYTES = 64L << 30;

    private AddSources() {
    }

    /** A tar archive, plain or gzip/bzip2/xz/zstd compressed, as docker recognises them (by content, not name). */
    static boolean isArchive(Path file) throws IOException {
        try (InputStream in = decompressed(file)) {
            byte[] header = in.readNBytes(512);
            return header.length == 512 && header[257] == 'u' && header[258] == 's' && header[259] == 't'
                    && header[260] == 'a' && header[261] == 'r';
        } catch (IOException e) {
            return false; // a file that merely starts like a compressed stream is copied, not unpacked
        }
    }

    /** Unpacks the archive into {@code dir} (a fresh directory), safely: entries cannot leave it. */
    static void unpack(Path archive, Path dir) throws IOException {
        try (InputStream in = decompressed(archive)) {
            new LayerApplier(MAX_ARCHIVE_BYTES).applyTar(in, dir);
        }
    }

    private static InputStream decompressed(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(8);
        byte[] m = raw.readNBytes(6);
        raw.reset();
        if (m.length >= 2 && (m[0] & 0xff) == 0x1f && (m[1] & 0xff) == 0x8b) {
            return new GzipCompressorInputStream(raw, true);
        }
        if (m.length >= 3 && m[0] == 'B' && m[1] == 'Z' && m[2] == 'h') {
            return new BZip2CompressorInputStream(raw, true);
        }
        if (m.length >= 6 && (m[0] & 0xff) == 0xfd && m[1] == '7' && m[2] == 'z' && m[3] == 'X' && m[4] == 'Z' && m[5] == 0) {
            return new XZCompressorInputStream(raw, true);
        }
        if (m.length >= 4 && (m[0] & 0xff) == 0x28 && (m[1] & 0xff) == 0xb5 && (m[2] & 0xff) == 0x2f
                && (m[3] & 0xff) == 0xfd) {
            return new ZstdInputStream(raw);
        }
        return raw;
    }

    /** A downloaded file and the name docker gives it. */
    record Download(Path file, String name) {
    }

    /**
     * Fetches {@code url} into {@code dir}, checking {@code checksum} ({@code sha256:<hex>}) when given; the file
     * gets mode 0600 and the server's Last-Modified time, as docker does.
     */
    static Download fetch(String url, Optional<String> checksum, Path dir) throws IOException, Steps.StepException {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(10)).GET().build();
        Path file = Files.createTempFile(dir, "add-", ".download");
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + url, e);
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new Steps.StepException("fetching " + url + ": HTTP " + response.statusCode(), null);
        }
        MessageDigest sha = CopyPlan.sha256();
        try (InputStream body = new DigestInputStream(response.body(), sha)) {
            Files.copy(body, file, StandardCopyOption.REPLACE_EXISTING);
        }
        String actual = "sha256:" + HexFormat.of().formatHex(sha.digest());
        if (checksum.isPresent() && !checksum.get().equalsIgnoreCase(actual)) {
            Files.deleteIfExists(file);
            throw new Steps.StepException("checksum of " + url + " is " + actual + ", not the expected "
                    + checksum.get(), null);
        }
        Files.setPosixFilePermissions(file, LayerApplier.permissions(0600));
        Optional<String> modified = response.headers().firstValue("Last-Modified");
        if (modified.isPresent()) {
            try {
                Files.setLastModifiedTime(file, FileTime.from(
                        ZonedDateTime.parse(modified.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()));
            } catch (RuntimeException ignored) {
                // an unreadable date leaves the download time, as docker does
            }
        }
        String path = URI.create(url).getPath();
        String name = path == null || path.isEmpty() || path.endsWith("/") ? "download"
                : path.substring(path.lastIndexOf('/') + 1);
        return new Download(file, name);
    }
}
