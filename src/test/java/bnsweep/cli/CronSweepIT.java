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
            // cron-sweep's own lock is free again: flock -n succeeds at once
            Process flock = new ProcessBuilder("flock", "-n", out.resolve(".lock").toString(), "true").start();
            assertEquals(0, flock.waitFor(), "OUT/.lock is still held");
        } finally {
            cron.descendants().forEach(ProcessHandle::destroyForcibly);
            cron.destroyForcibly();
        }
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
