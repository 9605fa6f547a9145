package io.jbuild.core.snapshot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** A layer tar written entry by entry (hostile ones included), with its diff ID. */
public final class TestTar {

    private static final long T = 1_600_000_000_000L;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;

    public TestTar() {
        tar = new TarArchiveOutputStream(bytes);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    public TestTar file(String name, String content) throws IOException {
        return file(name, content, 0644, 0, 0);
    }

    public TestTar file(String name, String content, int mode, long uid, long gid) throws IOException {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
        e.setSize(b.length);
        e.setMode(mode);
        e.setUserId(uid);
        e.setGroupId(gid);
        e.setModTime(T);
        tar.putArchiveEntry(e);
        tar.write(b);
        tar.closeArchiveEntry();
        return this;
    }

    /** A regular file with the bytes of a host file. */
    public TestTar hostFile(String name, Path source, int mode) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
        e.setSize(Files.size(source));
        e.setMode(mode);
        e.setModTime(T);
        tar.putArchiveEntry(e);
        Files.copy(source, tar);
        tar.closeArchiveEntry();
        return this;
    }

    public TestTar dir(String name) throws IOException {
        return dir(name, 0755);
    }

    public TestTar dir(String name, int mode) throws IOException {
        return dir(name, mode, 0, 0);
    }

    public TestTar dir(String name, int mode, long uid, long gid) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, true);
        e.setMode(mode);
        e.setUserId(uid);
        e.setGroupId(gid);
        e.setModTime(T);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
        return this;
    }

    public TestTar link(String name, String target, byte type) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setLinkName(target);
        e.setModTime(T);
        e.setMode(0777);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
        return this;
    }

    public TestTar device(String name, byte type, int major, int minor) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setDevMajor(major);
        e.setDevMinor(minor);
        e.setMode(0666);
        e.setModTime(T);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
        return this;
    }

    /** The finished archive. */
    public Layer build() throws IOException {
        tar.finish();
        byte[] b = bytes.toByteArray();
        try {
            return new Layer(b, "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A layer's tar bytes and their diff ID. */
    public record Layer(byte[] tar, String diffId) {
        public InputStream open() {
            return new ByteArrayInputStream(tar);
        }
    }
}
