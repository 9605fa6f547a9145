package io.jbuild.core.emulation;

import io.jbuild.core.image.Platform;
import io.jbuild.core.image.PlatformMatcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether this machine can run a platform's programs: natively (its own platform or one it runs, as containerd
 * decides), or through a binfmt_misc handler (QEMU user emulation) whose magic matches the platform's ELF header.
 * The kernel runs such a handler for any exec, inside a container's root too when it was registered with the F flag
 * (qemu-user-static's default), so a RUN of a foreign stage needs nothing else.
 */
public final class Emulation {

    /** Where the kernel lists its handlers. */
    public static final Path BINFMT_MISC = Path.of("/proc/sys/fs/binfmt_misc");

    /** An architecture's ELF class (1: 32-bit, 2: 64-bit), byte order (1: little, 2: big), machine, QEMU's name. */
    private record Elf(int elfClass, int byteOrder, int machine, String qemu) {
    }

    private static final Map<String, Elf> ELF = Map.ofEntries(
            Map.entry("amd64", new Elf(2, 1, 62, "x86_64")),
            Map.entry("386", new Elf(1, 1, 3, "i386")),
            Map.entry("arm64", new Elf(2, 1, 183, "aarch64")),
            Map.entry("arm", new Elf(1, 1, 40, "arm")),
            Map.entry("ppc64le", new Elf(2, 1, 21, "ppc64le")),
            Map.entry("ppc64", new Elf(2, 2, 21, "ppc64")),
            Map.entry("s390x", new Elf(2, 2, 22, "s390x")),
            Map.entry("riscv64", new Elf(2, 1, 243, "riscv64")),
            Map.entry("mips64le", new Elf(2, 1, 8, "mips64el")),
            Map.entry("mips64", new Elf(2, 2, 8, "mips64")),
            Map.entry("loong64", new Elf(2, 1, 258, "loongarch64")));

    private final Path binfmtDir;
    private final PlatformMatcher host;

    /** @param binfmtDir the binfmt_misc directory to read ({@link #BINFMT_MISC} but in tests) */
    public Emulation(Path binfmtDir, Platform host) {
        this.binfmtDir = binfmtDir;
        this.host = PlatformMatcher.of(host);
    }

    /** This machine's: its platform and the kernel's handlers. */
    public static Emulation system() {
        return new Emulation(BINFMT_MISC, Platform.host());
    }

    /**
     * Why programs of {@code platform} cannot run here, with how to make them run; empty when they run natively or
     * under a registered handler.
     */
    public Optional<String> problem(Platform platform) throws IOException {
        if (host.matches(platform)) {
            return Optional.empty();
        }
        String arch = platform.architecture();
        Elf elf = ELF.get(arch);
        if (elf == null) {
            return Optional.of("running programs of " + platform.format() + " on this " + host.wanted().format()
                    + " machine needs emulation, and jbuild knows no ELF machine for architecture " + arch);
        }
        if (handlerFor(elf)) {
            return Optional.empty();
        }
        String mount = Files.exists(binfmtDir.resolve("register")) ? ""
                : "mount -t binfmt_misc binfmt_misc " + binfmtDir + ", then ";
        return Optional.of("running programs of " + platform.format() + " on this " + host.wanted().format()
                + " machine needs emulation, and no binfmt_misc handler for " + arch + " (" + elf.qemu()
                + ") is registered in " + binfmtDir + "; register QEMU's: " + mount
                + "apt-get install qemu-user-static binfmt-support, then update-binfmts --enable qemu-" + elf.qemu());
    }

    /** Whether an enabled handler's magic and mask match the architecture's ELF header (executable or PIE). */
    private boolean handlerFor(Elf elf) throws IOException {
        if (!Files.isDirectory(binfmtDir) || !enabled(binfmtDir.resolve("status"))) {
            return false;
        }
        List<byte[]> headers = List.of(header(elf, 2), header(elf, 3));
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(binfmtDir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.equals("status") || name.equals("register") || !Files.isRegularFile(entry)) {
                    continue;
                }
                Handler h = Handler.read(entry);
                if (h != null && headers.stream().anyMatch(h::matches)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean enabled(Path status) throws IOException {
        return !Files.exists(status) || Files.readString(status, StandardCharsets.US_ASCII).strip().equals("enabled");
    }

    /** The first 20 bytes of an ELF file of that machine: e_ident, e_type, e_machine. */
    private static byte[] header(Elf elf, int type) {
        byte[] h = new byte[20];
        h[0] = 0x7f;
        h[1] = 'E';
        h[2] = 'L';
        h[3] = 'F';
        h[4] = (byte) elf.elfClass();
        h[5] = (byte) elf.byteOrder();
        h[6] = 1;
        boolean little = elf.byteOrder() == 1;
        put16(h, 16, type, little);
        put16(h, 18, elf.machine(), little);
        return h;
    }

    private static void put16(byte[] b, int at, int value, boolean little) {
        b[at + (little ? 0 : 1)] = (byte) value;
        b[at + (little ? 1 : 0)] = (byte) (value >> 8);
    }

    /** An enabled magic-matching entry of binfmt_misc, as the kernel prints it. */
    private record Handler(int offset, byte[] magic, byte[] mask) {

        /** Null for a disabled entry, an extension-matching one, or one this reader cannot make sense of. */
        static Handler read(Path entry) throws IOException {
            List<String> lines;
            try {
                lines = Files.readAllLines(entry, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                return null; // removed while listing
            }
            if (lines.isEmpty() || !lines.get(0).strip().equals("enabled")) {
                return null;
            }
            int offset = 0;
            byte[] magic = null;
            byte[] mask = null;
            try {
                for (String line : lines) {
                    if (line.startsWith("offset ")) {
                        offset = Integer.parseInt(line.substring(7).strip());
                    } else if (line.startsWith("magic ")) {
                        magic = HexFormat.of().parseHex(line.substring(6).strip());
                    } else if (line.startsWith("mask ")) {
                        mask = HexFormat.of().parseHex(line.substring(5).strip());
                    }
                }
            } catch (IllegalArgumentException e) {
                return null;
            }
            return magic == null ? null : new Handler(offset, magic, mask);
        }

        boolean matches(byte[] file) {
            if (offset < 0 || offset + magic.length > file.length) {
                return false;
            }
            for (int i = 0; i < magic.length; i++) {
                int m = mask != null && i < mask.length ? mask[i] : 0xff;
                if (((file[offset + i] ^ magic[i]) & m) != 0) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The architectures jbuild can tell a handler for, for messages and tests. */
    public static List<String> knownArchitectures() {
        return new ArrayList<>(ELF.keySet());
    }
}
