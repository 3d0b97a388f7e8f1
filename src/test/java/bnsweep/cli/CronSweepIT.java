package bnsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.run.OutDir;
import bnsweep.testutil.DatasetFiles;
import bnsweep.util.AtomicFiles;
import bnsweep.util.fs.Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scheduler stops {@code submit/cron-sweep} as Airflow and systemd do, with SIGTERM to the
 * script's own pid: the signal reaches the sweep's JVM, which stops as interrupted (manifest and
 * history say so, exit 143), and no process of the sweep is left holding the locks.
 */
class CronSweepIT {
    static final Path ROOT = Path.of("").toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void sigtermToCronSweepStopsTheSweepAsInterrupted() throws Exception {
        DatasetFiles.preparedMnist(tmp, 2000, 200);
        Path data = tmp.resolve("data"), out = tmp.resolve("runs/nightly"), stdout = tmp.resolve("cron.out");
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("submit/cron-sweep").toString(), "--config", "conf/smoke-sweep.conf",
                "--data-dir", data.toString(), "--out", out.toString(), "sweep.batch-sizes=32", "sweep.seeds=1", "epochs=20",
                "progress-interval=1").directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(stdout.toFile());
        pb.environment().remove("SPARK_HOME");
        Process cron = pb.start();
        try {
            awaitInLog(out, "epoch 1/20", cron);
            List<ProcessHandle> sweep = cron.descendants().toList();
            assertFalse(sweep.isEmpty(), "cron-sweep runs the sweep as its child");
            cron.toHandle().destroy(); // SIGTERM to cron-sweep itself, not to its children
            assertTrue(cron.waitFor(2, TimeUnit.MINUTES), "cron-sweep did not stop after SIGTERM: " + Files.readString(stdout));
            assertEquals(143, cron.exitValue(), Files.readString(stdout));
            for (ProcessHandle p : sweep) {
                assertTrue(p.onExit().get(1, TimeUnit.MINUTES) != null && !p.isAlive(), "a process of the sweep outlived cron-sweep: " + p);
            }
            assertEquals("interrupted", AtomicFiles.JSON.readTree(out.resolve("manifest.json").toFile()).path("status").asText());
            List<String> history = Files.readAllLines(out.resolve("history.csv"));
            assertTrue(history.get(history.size() - 1).endsWith(",interrupted"), history.toString());
            // the sweep's lock is free again: this JVM can take it (it holds an OS lock, not the file's existence)
            try (OutDir lock = OutDir.lock(Location.of(out), OutDir.Command.SWEEP)) {
                assertTrue(lock != null);
            }
            // cron-sweep's own lock is released
            assertFalse(Files.exists(out.resolve(".lock.d")), "OUT/.lock.d is still there");
        } finally {
            cron.descendants().forEach(ProcessHandle::destroyForcibly);
            cron.destroyForcibly();
        }
    }

    /**
     * Overlapping runs: a second cron-sweep on the same OUT exits 75 at once while the first holds the
     * lock; a lock left by a killed cron-sweep (its pid gone) is taken over.
     */
    @Test
    void aSecondRunExits75AndAStaleLockIsTakenOver() throws Exception {
        Path out = tmp.resolve("runs/locked"), lock = out.resolve(".lock.d");
        Files.createDirectories(lock);
        Files.writeString(lock.resolve("pid"), String.valueOf(ProcessHandle.current().pid())); // a live owner: this JVM
        Process second = new ProcessBuilder(ROOT.resolve("submit/cron-sweep").toString(), "--config", "conf/smoke-sweep.conf",
                "--data-dir", tmp.resolve("nodata").toString(), "--out", out.toString()).redirectErrorStream(true).start();
        assertTrue(second.waitFor(30, TimeUnit.SECONDS));
        String said = new String(second.getInputStream().readAllBytes());
        assertEquals(75, second.exitValue(), said);
        assertTrue(said.contains("another sweep (pid " + ProcessHandle.current().pid() + ") holds"), said);
        Files.writeString(lock.resolve("pid"), "999999999"); // an owner long gone
        Process third = new ProcessBuilder(ROOT.resolve("submit/cron-sweep").toString(), "--config", "conf/smoke-sweep.conf",
                "--data-dir", tmp.resolve("nodata").toString(), "--out", out.toString(), "no-such-key=1").redirectErrorStream(true).start();
        assertTrue(third.waitFor(2, TimeUnit.MINUTES));
        String log = new String(third.getInputStream().readAllBytes());
        assertEquals(1, third.exitValue(), "took the stale lock and ran the (failing) sweep: " + log);
        assertFalse(Files.exists(lock), "and released it");
    }

    /** Waits for {@code text} in the sweep's log (OUT/logs/*.log). */
    static void awaitInLog(Path out, String text, Process cron) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(out.resolve("logs"))) {
                try (Stream<Path> logs = Files.list(out.resolve("logs"))) {
                    for (Path log : logs.toList()) if (Files.readString(log).contains(text)) return;
                }
            }
            assertTrue(cron.isAlive(), "cron-sweep ended before the sweep printed '" + text + "'");
            Thread.sleep(200);
        }
        throw new AssertionError("no '" + text + "' in the sweep's log within 5 minutes");
    }
}
