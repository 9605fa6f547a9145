package io.jbuild.core.build;

import io.jbuild.core.layer.Archives;
import io.jbuild.core.layer.LayerApplier;
import io.jbuild.core.registry.BoundedCopy;
import io.jbuild.core.registry.TransferLimitException;
import io.jbuild.core.registry.TransferLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;
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

    /** Why a request got no answer, in words; the exception's own message when it has one. */
    private static String failure(IOException e, String host) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "no such host " + host;
            }
        }
        if (e instanceof HttpConnectTimeoutException) {
            return "timed out connecting";
        } else if (e instanceof HttpTimeoutException) {
            return "timed out waiting for the answer";
        } else if (e instanceof ConnectException && (e.getMessage() == null || e.getMessage().isBlank())) {
            return "connection refused";
        }
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** A downloaded file and the name docker gives it. */
    record Download(Path file, String name) {
    }

    /**
     * Fetches {@code url} into {@code dir}, checking {@code checksum} ({@code sha256:<hex>}) when given; the file
     * gets mode 0600 and the server's Last-Modified time, as docker does. The download is bounded as a blob's is:
     * at most {@code limits.maxBytes()} (a larger Content-Length is refused before the body), no wait for data
     * longer than {@code timeout}, and no slower than the minimum rate once {@code timeout} has passed.
     */
    static Download fetch(String url, Optional<String> checksum, Path dir, TransferLimits limits, Duration timeout)
            throws IOException, Steps.StepException {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(timeout).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + url, e);
        } catch (IOException e) {
            // the JDK client's exceptions often carry no message (a refused connection): say what failed
            throw new Steps.StepException("fetching " + url + ": " + failure(e, request.uri().getHost()), e);
        }
        MessageDigest sha = CopyPlan.sha256();
        Path file = Files.createTempFile(dir, "add-", ".download");
        boolean kept = false;
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new Steps.StepException("fetching " + url + ": HTTP " + response.statusCode(), null);
            }
            OptionalLong announced = response.headers().firstValueAsLong("Content-Length");
            if (announced.isPresent() && announced.getAsLong() > limits.maxBytes()) {
                throw new TransferLimitException("fetching " + url + ": the server announced "
                        + announced.getAsLong() + " bytes, more than the limit of " + limits.maxBytes() + " (-D"
                        + TransferLimits.MAX_BYTES_PROPERTY + ")");
            }
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha)) {
                BoundedCopy.copy(body, out, -1, limits, timeout, "fetching " + url, n -> { });
            }
            kept = true;
        } finally {
            if (!kept) {
                Files.deleteIfExists(file);
            }
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
