package io.jbuild.core.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessLocksTest {

    @TempDir
    Path dir;

    /**
     * The hole this class closes: a stale-lock check of a lock this JVM held opened the file and closed it again,
     * which dropped the JVM's lock, so another process took a live step's lock (and killed its container).
     */
    @Test
    void checkingALockThisProcessHoldsKeepsItHeldAgainstOtherProcesses() throws Exception {
        Path file = dir.resolve("step.lock");
        try (ProcessLocks.Held held = ProcessLocks.lockNew(file)) {
            assertNull(ProcessLocks.tryLock(file), "held by this process");
            assertFalse(ProcessLocks.ifAbandoned(file, () -> {
                throw new AssertionError("a live lock is not abandoned");
            }));
            assertEquals("busy", probeFromAnotherProcess(file));
            assertTrue(Files.exists(file));
        }
        assertEquals("free", probeFromAnotherProcess(file));
    }

    @Test
    void anAbandonedLockRunsTheActionAndGoesAway() throws Exception {
        Path file = dir.resolve("dead.lock");
        Files.createFile(file);
        AtomicBoolean ran = new AtomicBoolean();
        assertTrue(ProcessLocks.ifAbandoned(file, () -> ran.set(true)));
        assertTrue(ran.get());
        assertFalse(Files.exists(file));
    }

    @Test
    void aFailingActionKeepsTheLockFileAndReleasesIt() throws Exception {
        Path file = dir.resolve("dead.lock");
        Files.createFile(file);
        try {
            ProcessLocks.ifAbandoned(file, () -> {
                throw new IOException("cannot");
            });
        } catch (IOException expected) {
            // the action's failure comes through
        }
        assertTrue(Files.exists(file));
        try (ProcessLocks.Held again = ProcessLocks.tryLock(file)) {
            assertNotNull(again);
        }
    }

    @Test
    void aWaitingThreadGetsTheLockWhenItsHolderInThisProcessCloses() throws Exception {
        Path file = dir.resolve("shared.lock");
        ProcessLocks.Held first = ProcessLocks.lock(file);
        CountDownLatch got = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try (ProcessLocks.Held second = ProcessLocks.lock(file)) {
                got.countDown();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        waiter.start();
        assertFalse(got.await(200, TimeUnit.MILLISECONDS), "waits while the lock is held");
        first.close();
        assertTrue(got.await(10, TimeUnit.SECONDS));
        waiter.join();
    }

    /** "busy" or "free": whether a new JVM can take {@code file}'s lock. */
    private static String probeFromAnotherProcess(Path file) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", classPath, Probe.class.getName(), file.toString())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    /** Tries the lock once, as another jbuild process's recovery would. */
    public static final class Probe {
        public static void main(String[] args) throws IOException {
            try (FileChannel ch = FileChannel.open(Path.of(args[0]), List.of(StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE).toArray(new StandardOpenOption[0]))) {
                FileLock lock = ch.tryLock();
                System.out.println(lock == null ? "busy" : "free");
            }
        }
    }
}
