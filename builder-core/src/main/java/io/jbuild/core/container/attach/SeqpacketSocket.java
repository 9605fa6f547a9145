package io.jbuild.core.container.attach;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A connected {@code AF_UNIX SOCK_SEQPACKET} socket, the kind conmon's attach socket is: java.nio only opens stream
 * sockets, so this goes to libc through JNA. Each {@link #receive} returns one whole packet.
 */
final class SeqpacketSocket implements Closeable {

    /** The libc calls used here; {@code size_t}/{@code ssize_t} are 64 bits on the Linux targets jbuild runs on. */
    interface LibC extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        int connect(int fd, byte[] address, int length) throws LastErrorException;

        long recv(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

        long send(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

        int shutdown(int fd, int how) throws LastErrorException;

        int open(String path, int flags) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private static final int AF_UNIX = 1;
    private static final int SOCK_SEQPACKET = 5;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int O_PATH = 010000000;
    private static final int O_CLOEXEC = 02000000;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int EINTR = 4;
    private static final int SHUT_WR = 1;
    private static final int SHUT_RDWR = 2;
    /** sun_path's size in struct sockaddr_un. */
    private static final int SUN_PATH = 108;

    private static final class Holder {
        static final LibC LIBC = Native.load("c", LibC.class);
    }

    private final LibC libc;
    private final int fd;
    private volatile boolean closed;
    private boolean released;

    private SeqpacketSocket(LibC libc, int fd) {
        this.libc = libc;
        this.fd = fd;
    }

    /**
     * Connects to the socket {@code name} in {@code dir}. The address goes through {@code /proc/self/fd/N/} of the
     * opened directory, as conmon binds it: a store's path can be longer than an address may be.
     */
    static SeqpacketSocket connect(Path dir, String name) throws IOException {
        LibC libc;
        try {
            libc = Holder.LIBC;
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new IOException("cannot load libc to attach (JNA): " + e.getMessage(), e);
        }
        int dirFd;
        try {
            dirFd = libc.open(dir.toString(), O_PATH | O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IOException("cannot open " + dir + ": errno " + e.getErrorCode(), e);
        }
        int fd = -1;
        try {
            byte[] path = ("/proc/self/fd/" + dirFd + "/" + name).getBytes(StandardCharsets.UTF_8);
            if (path.length >= SUN_PATH) {
                throw new IOException("socket name too long: " + name);
            }
            byte[] address = new byte[2 + path.length + 1];
            address[0] = AF_UNIX; // sa_family_t in the host's (little-endian) order
            System.arraycopy(path, 0, address, 2, path.length);
            fd = libc.socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
            libc.connect(fd, address, address.length);
            return new SeqpacketSocket(libc, fd);
        } catch (LastErrorException e) {
            if (fd >= 0) {
                libc.close(fd);
            }
            throw new IOException("cannot connect to " + dir.resolve(name) + ": errno " + e.getErrorCode(), e);
        } finally {
            libc.close(dirFd);
        }
    }

    /** One packet into {@code buffer}; its length, 0 once the peer has closed (or this side was shut down). */
    int receive(byte[] buffer) throws IOException {
        while (true) {
            try {
                return (int) libc.recv(fd, buffer, buffer.length, 0);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    if (closed) {
                        return 0;
                    }
                    throw new IOException("attach socket: recv failed, errno " + e.getErrorCode(), e);
                }
            }
        }
    }

    /** Sends {@code length} bytes of {@code data} as one packet. */
    void send(byte[] data, int length) throws IOException {
        byte[] packet = length == data.length ? data : java.util.Arrays.copyOf(data, length);
        while (true) {
            try {
                libc.send(fd, packet, length, MSG_NOSIGNAL);
                return;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw new IOException("attach socket: send failed, errno " + e.getErrorCode(), e);
                }
            }
        }
    }

    /** No more data from this side: the peer reads an end of file. */
    void shutdownOutput() {
        try {
            libc.shutdown(fd, SHUT_WR);
        } catch (LastErrorException e) {
            // already shut down or closed
        }
    }

    /** Ends both directions; a {@link #receive} blocked in another thread returns 0. */
    void shutdown() {
        closed = true;
        try {
            libc.shutdown(fd, SHUT_RDWR);
        } catch (LastErrorException e) {
            // already shut down
        }
    }

    @Override
    public synchronized void close() {
        if (!released) {
            released = true;
            shutdown();
            try {
                libc.close(fd);
            } catch (LastErrorException e) {
                // closed already
            }
        }
    }
}
