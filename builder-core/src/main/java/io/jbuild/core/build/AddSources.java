package io.jbuild.core.build;

import io.jbuild.core.layer.Archives;
import io.jbuild.core.layer.LayerApplier;
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
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/** What ADD does beyond COPY: unpacking local tar archives and fetching URLs. */
final class AddSources {

    private static final long MAX_ARCHIVE_BYTES = 64L << 30;

    private AddSources() {
    }

    /** A tar archive, plain or gzip/bzip2/xz/zstd compressed, as docker recognises them (by content, not name). */
    static boolean isArchive(Path file) throws IOException {
        try (InputStream in = Archives.decompressed(Files.newInputStream(file))) {
            return Archives.isTarHeader(in.readNBytes(Archives.HEAD_BYTES));
        } catch (IOException e) {
            return false; // a file that merely starts like a compressed stream is copied, not unpacked
        }
    }

    /**
     * Unpacks the archive into {@code dir} (a fresh directory), safely: entries cannot leave it.
     *
     * @return the directories (relative to {@code dir}) the archive implies without an entry of their own
     */
    static Set<String> unpack(Path archive, Path dir) throws IOException {
        Set<String> implied = new HashSet<>();
        try (InputStream in = Archives.decompressed(Files.newInputStream(archive))) {
            new LayerApplier(MAX_ARCHIVE_BYTES).applyTar(in, dir, implied);
        }
        return implied;
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
