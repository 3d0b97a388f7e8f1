package bnsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.testutil.DatasetFiles;
import bnsweep.util.AtomicFiles;
import bnsweep.util.Csv;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line in a JVM of its own: SIGTERM during training, and a cluster-style spark.serializer = Kryo. */
class ProcessTest {
    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void prepare() {
        DatasetFiles.preparedMnist(tmp, 700, 200);
        data = tmp.resolve("data"); // where preparedMnist prepares: the --data-dir of the commands below
    }

    /** java with the project's JVM flags, this test's class path and {@code props}, running Main with {@code args}. */
    static ProcessBuilder bnsweep(List<String> props, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(Arrays.asList(Files.readString(Path.of("target/classes/bnsweep-jvm-flags.txt")).trim().split("\\s+")));
        cmd.add("-Xmx1g");
        cmd.addAll(props);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb;
    }

    static String[] train(Path out, String... overrides) {
        List<String> a = new ArrayList<>(List.of("train", "--config", "conf/smoke-sweep.conf", "--data-dir", data.toString(), "--out",
                out.toString(), "hidden=16", "batch-size=16", "workers=2"));
        a.addAll(Arrays.asList(overrides));
        return a.toArray(String[]::new);
    }

    @Test
    void sigtermDuringTrainingSaysInterruptedAndKeepsTheCheckpoint() throws Exception {
        Path out = tmp.resolve("terminated");
        Path err = tmp.resolve("terminated.err");
        Path log = tmp.resolve("terminated.log");
        Process p = bnsweep(List.of(), train(out, "epochs=200")).redirectError(err.toFile()).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!Files.readString(log).contains("epoch 2/200:")) { // after two epochs a checkpoint exists
            assertTrue(p.isAlive() && System.nanoTime() < deadline, "no second epoch; stderr: " + Files.readString(err));
            Thread.sleep(200);
        }
        p.destroy(); // SIGTERM, to this process only
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the process ends after SIGTERM");
        assertEquals(143, p.exitValue(), Files.readString(err));
        String stderr = Files.readString(err);
        assertTrue(stderr.lines().anyMatch(l -> l.startsWith("interrupted: interrupted during ") && l.contains("run the same command again")),
                stderr);
        assertTrue(stderr.lines().noneMatch(l -> l.startsWith("\tat ")), "no stack trace: " + stderr);
        assertEquals("interrupted", AtomicFiles.JSON.readTree(out.resolve("manifest.json").toFile()).path("status").asText());
        assertTrue(Files.isRegularFile(out.resolve("checkpoint.bin")), "the checkpoint is kept");
    }

    @Test
    void kryoAsTheClusterSerializerTrainsTheSameModel() throws Exception {
        Path kryo = tmp.resolve("kryo"), java = tmp.resolve("java");
        Process p = bnsweep(List.of("-Dspark.serializer=org.apache.spark.serializer.KryoSerializer", "-Dspark.kryo.registrationRequired=false"),
                train(kryo, "epochs=2")).redirectErrorStream(true).redirectOutput(tmp.resolve("kryo.log").toFile()).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("kryo.log")));
        StringWriter e = new StringWriter();
        assertEquals(0, Main.run(new PrintWriter(e, true), train(java, "epochs=2")), e.toString());
        for (String table : List.of("epochs.csv", "results.csv")) {
            List<Map<String, String>> a = Csv.readTable(bnsweep.util.fs.Location.of(kryo.resolve(table))), b = Csv.readTable(bnsweep.util.fs.Location.of(java.resolve(table)));
            assertEquals(b.size(), a.size());
            for (int i = 0; i < a.size(); i++) {
                for (String col : List.of("train_loss", "val_acc", "test_acc", "test_loss")) {
                    assertEquals(b.get(i).get(col), a.get(i).get(col), table + " row " + i + " " + col);
                }
            }
        }
    }
}
