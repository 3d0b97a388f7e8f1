package bnsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.data.DatasetKind;
import bnsweep.data.DatasetPreparer;
import bnsweep.testutil.DatasetFiles;
import bnsweep.testutil.MiniHdfs;
import bnsweep.testutil.SparkTestSupport;
import bnsweep.util.AtomicFiles;
import bnsweep.util.fs.Location;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path on a real HDFS started here: data-prep writes the prepared dataset to hdfs://, a sweep
 * (a JVM of its own) trains into hdfs:// and is killed (SIGKILL) in its second configuration, the same
 * command resumes it (the lock the dead process left is taken over, the finished configuration skipped,
 * the unfinished one continued from its checkpoint), and the report is written there.
 */
class HdfsSweepTest {
    @TempDir
    Path tmp;

    @Test
    void prepareSweepKillResumeReportOnHdfs() throws Exception {
        MiniHdfs hdfs = MiniHdfs.start(tmp.resolve("hdfs"));
        try {
            DatasetFiles files = new DatasetFiles();
            Path src = files.mnist(tmp.resolve("src"), 700, 200, 28, 28);
            String data = hdfs.uri("/data"), out = hdfs.uri("/runs/smoke");

            // data-prep's own code (the command adds only option parsing); generated files have checksums of their own
            new DatasetPreparer(DatasetKind.MNIST, Location.of(data), 100, 42, false, new PrintStream(OutputStream.nullOutputStream()),
                    files.published()).prepare(src, SparkTestSupport.spark());
            assertTrue(Location.of(data + "/mnist/prepared/manifest.json").isFile());
            assertFalse(Files.exists(Path.of("hdfs:")), "no local folder named after the scheme");

            String[] sweep = {"sweep", "--config", "conf/smoke-sweep.conf", "--data-dir", data, "--out", out, "hidden=16",
                "epochs=2", "sweep.batch-sizes=64", "sweep.seeds=1"};
            Path log = tmp.resolve("killed.log");
            Process p = ProcessTest.bnsweep(List.of(), sweep).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            while (!inSecondConfigAfterAnEpoch(Files.readString(log))) {
                assertTrue(p.isAlive() && System.nanoTime() < deadline, "the sweep did not reach its second configuration: " + Files.readString(log));
                Thread.sleep(200);
            }
            p.destroyForcibly(); // SIGKILL: nothing recorded, the lock file stays on HDFS
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            Location o = Location.of(out);
            assertTrue(o.resolve(".bnsweep.lock").exists(), "a killed process leaves its lock");
            assertEquals("running", AtomicFiles.JSON.readTree(o.resolve("manifest.json").readBytes()).path("status").asText());

            StringWriter resumedErr = new StringWriter();
            ByteArrayOutputStream resumedOut = new ByteArrayOutputStream();
            PrintStream stdout = System.out;
            System.setOut(new PrintStream(resumedOut, true));
            int code;
            try {
                code = Main.run(new PrintWriter(resumedErr, true), sweep);
            } finally {
                System.setOut(stdout);
            }
            String resumed = resumedOut.toString();
            assertEquals(0, code, resumedErr + resumed);
            assertTrue(resumed.contains("config 1/2 ") && resumed.contains(": complete in an earlier run, skipped"), resumed);
            assertTrue(resumed.contains("resuming after epoch 1 from " + out + "/configs/"), resumed);

            assertEquals("complete", AtomicFiles.JSON.readTree(o.resolve("manifest.json").readBytes()).path("status").asText());
            assertFalse(o.resolve(".bnsweep.lock").exists(), "the lock is released");
            List<String> history = new ArrayList<>(o.resolve("history.csv").readString().lines().toList());
            assertEquals(3, history.size(), String.join("\n", history));
            assertTrue(history.get(1).endsWith(",interrupted") && history.get(2).endsWith(",complete"), String.join("\n", history));
            assertEquals(2, SparkTestSupport.spark().read().parquet(out + "/results.parquet").count());
            assertTrue(o.resolve(".tables").list().isEmpty(), "the tables' earlier versions are gone");

            o.resolve("report.html").delete();
            StringWriter reportErr = new StringWriter();
            assertEquals(0, Main.run(new PrintWriter(reportErr, true), "report", out), reportErr.toString());
            assertTrue(o.resolve("report.html").readString().contains("<html"));
        } finally {
            // the local folder where data-prep kept the official files of this Hadoop DATA_DIR
            bnsweep.util.FileTrees.deleteTree(DatasetPreparer.rawDir(Location.of(hdfs.uri("/data")), DatasetKind.MNIST));
            hdfs.close();
        }
    }

    private static boolean inSecondConfigAfterAnEpoch(String log) {
        int second = log.indexOf("config 2/2 ");
        return second >= 0 && log.indexOf("epoch 1/2: train loss", second) > 0;
    }
}
