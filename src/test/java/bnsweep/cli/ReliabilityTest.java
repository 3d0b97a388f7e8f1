package bnsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.config.ConfigLoader;
import bnsweep.data.DatasetKind;
import bnsweep.data.DatasetPreparer;
import bnsweep.run.OutDir;
import bnsweep.testutil.DatasetFiles;
import bnsweep.testutil.SparkTestSupport;
import bnsweep.util.AtomicFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What went wrong for a new user (issue: nothing trained on less than it says, nothing left "running"), through the CLI. */
class ReliabilityTest {
    @TempDir
    static Path tmp;
    static Path src;
    static DatasetFiles files = new DatasetFiles();

    @BeforeAll
    static void generate() {
        src = files.mnist(tmp.resolve("src"), 700, 200, 28, 28);
    }

    /** A freshly prepared copy of the generated data under {@code name}. */
    static Path prepared(String name) {
        Path data = tmp.resolve(name);
        new DatasetPreparer(DatasetKind.MNIST, bnsweep.util.fs.Location.of(data), 100, 42, false, System.out, files.published()).prepare(src, SparkTestSupport.spark());
        return data;
    }

    record Run(int code, String err) {}

    static Run run(String... args) {
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(err, true), args);
        return new Run(code, err.toString());
    }

    static Run train(Path data, Path out, String... overrides) {
        return run(concat(new String[] {"train", "--config", "conf/smoke-sweep.conf", "--data-dir", data.toString(), "--out", out.toString()},
                overrides));
    }

    static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    static List<Path> trainParts(Path data) throws IOException {
        try (Stream<Path> s = Files.walk(data.resolve("mnist/prepared/parquet/split=train"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
        }
    }

    static String status(Path out) throws IOException {
        return AtomicFiles.JSON.readTree(out.resolve("manifest.json").toFile()).path("status").asText();
    }

    @Test
    void aMissingPartFileIsAnErrorAndPrepareSeesIt() throws IOException {
        Path data = prepared("lossy");
        Path part = trainParts(data).get(0);
        Files.delete(part);
        Run r = train(data, tmp.resolve("lossy-out"), "hidden=8", "batch-size=16");
        assertEquals(1, r.code());
        assertTrue(r.err().contains(data.resolve("mnist/prepared").getFileName().toString()) && r.err().contains("is missing")
                && r.err().contains("split=train/" + part.getFileName()), r.err());
        assertFalse(Files.exists(tmp.resolve("lossy-out/manifest.json")), "nothing trained, nothing marked complete");
        StringWriter log = new StringWriter();
        PrintStream ps = new PrintStream(new ByteArrayOutputStream() {
            @Override
            public synchronized void flush() {
                log.write(toString());
                reset();
            }
        }, true);
        new DatasetPreparer(DatasetKind.MNIST, bnsweep.util.fs.Location.of(data), 100, 42, false, ps, files.published()).prepare(src, SparkTestSupport.spark());
        assertTrue(log.toString().contains("is damaged") && log.toString().contains("preparing it again"), log.toString());
        assertTrue(Files.exists(part) || trainParts(data).size() > 0);
        assertEquals(0, train(data, tmp.resolve("lossy-out2"), "hidden=8", "batch-size=16", "epochs=1").code());
    }

    @Test
    void rowsLoadedAreCheckedAgainstTheManifestCounts() throws IOException {
        Path data = prepared("miscounted");
        Path m = data.resolve("mnist/prepared/manifest.json");
        ObjectNode manifest = (ObjectNode) AtomicFiles.JSON.readTree(m.toFile());
        int real = manifest.path("counts").path("train").asInt();
        ((ObjectNode) manifest.path("counts")).put("train", real + 7);
        AtomicFiles.writeJson(m, manifest);
        Path out = tmp.resolve("miscounted-out");
        Run r = train(data, out, "hidden=8", "batch-size=16");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("split 'train' has " + real + " rows") && r.err().contains("counts " + (real + 7)), r.err());
        assertEquals("failed", status(out));
    }

    @Test
    void sparkFailuresAreRecordedAsFailedWithOneLine() throws IOException {
        // a part file damaged after preparing, with its listing forged to match: only Spark can find out
        Path data = prepared("corrupt");
        Path part = trainParts(data).get(0);
        Files.write(part, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        Path m = data.resolve("mnist/prepared/manifest.json");
        ObjectNode manifest = (ObjectNode) AtomicFiles.JSON.readTree(m.toFile());
        for (JsonNode f : manifest.path("files")) {
            if (part.endsWith(f.path("path").asText())) {
                ((ObjectNode) f).put("bytes", 12);
                ((ObjectNode) f).put("sha256", bnsweep.data.Checksums.digest(part, "SHA-256"));
            }
        }
        AtomicFiles.writeJson(m, manifest);
        Path out = tmp.resolve("corrupt-out");
        Run r = train(data, out, "hidden=8", "batch-size=16");
        assertEquals(1, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: "), r.err());
        assertEquals("failed", status(out));
        Path sweepOut = tmp.resolve("corrupt-sweep");
        Run s = run("sweep", "--config", "conf/smoke-sweep.conf", "--data-dir", data.toString(), "--out", sweepOut.toString(),
                "hidden=8", "sweep.seeds=1", "sweep.batch-sizes=16");
        assertEquals(1, s.code());
        assertEquals("failed", status(sweepOut));
        assertTrue(Files.readString(sweepOut.resolve("history.csv")).contains(",failed"));
    }

    @Test
    void resumingWithOtherSettingsIsRefusedNamingTheKeys() throws IOException {
        Path data = prepared("resume");
        Path out = tmp.resolve("resume-out");
        // an unfinished run: a checkpoint after epoch 1 of 3, as a killed train leaves it
        assertEquals(0, train(data, out, "hidden=8", "batch-size=16", "epochs=1").code());
        Files.delete(out.resolve("results.csv"));
        ObjectNode manifest = (ObjectNode) AtomicFiles.JSON.readTree(out.resolve("manifest.json").toFile());
        manifest.put("status", "running");
        AtomicFiles.writeJson(out.resolve("manifest.json"), manifest);
        bnsweep.config.TrainSettings s = bnsweep.config.TrainSettings.from(ConfigLoader.load(Path.of("conf/smoke-sweep.conf"),
                List.of("hidden=8", "batch-size=16", "epochs=1")));
        var trainer = new bnsweep.engine.driver.DataParallelTrainer(SparkTestSupport.sc(), s.initialNetwork(bnsweep.data.DatasetKind.MNIST.imageShape()), s.engine());
        new bnsweep.run.Checkpoint(s.configId(), s.fingerprint(), trainer.state(), List.of(), 0).save(bnsweep.util.fs.Location.of(out));
        trainer.close();
        Run r = train(data, out, "hidden=8", "batch-size=16", "epochs=1", "learning-rate=0.5", "activation=tanh");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("other settings") && r.err().contains("learning-rate 0.001 -> 0.5")
                && r.err().contains("activation \"relu\" -> \"tanh\""), r.err());
        assertEquals("running", status(out), "the refused run wrote nothing");
    }

    @Test
    void oneCommandOwnsAnOutDirectory() throws IOException {
        Path data = prepared("owner");
        Path trained = tmp.resolve("trained");
        assertEquals(0, train(data, trained, "hidden=8", "batch-size=16", "epochs=1").code());
        String before = Files.readString(trained.resolve("epochs.csv"));
        Run sweep = run("sweep", "--config", "conf/smoke-sweep.conf", "--data-dir", data.toString(), "--out", trained.toString(),
                "hidden=8", "sweep.seeds=1");
        assertEquals(1, sweep.code());
        assertTrue(sweep.err().contains("holds a train run"), sweep.err());
        assertEquals(before, Files.readString(trained.resolve("epochs.csv")));
        assertFalse(Files.exists(trained.resolve("sweep.json")));

        Path busy = tmp.resolve("busy");
        try (OutDir held = OutDir.lock(bnsweep.util.fs.Location.of(busy), OutDir.Command.TRAIN)) {
            Run r = train(data, busy, "hidden=8", "batch-size=16", "epochs=1");
            assertEquals(1, r.code());
            assertTrue(r.err().contains("another bnsweep command is running in " + busy), r.err());
        }
    }

    @Test
    void badOutAndMasterAreOneLine() throws IOException {
        Path data = prepared("bad");
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        Run r = train(data, file, "hidden=8");
        assertEquals("error: --out " + file + " is a file, not a directory", r.err().strip());
        Run under = train(data, file.resolve("sub"), "hidden=8");
        assertTrue(under.err().startsWith("error: --out " + file.resolve("sub")), under.err());
        assertEquals(1, under.err().strip().lines().count(), under.err());
        Run zero = run(concat(new String[] {"train", "--config", "conf/smoke-sweep.conf", "--data-dir", data.toString(), "--out",
                tmp.resolve("z").toString(), "--master", "local[0]"}));
        assertEquals("error: --master local[0]: a local master needs at least one thread (local[N], N >= 1)", zero.err().strip());
        Run scheme = run("train", "--config", "conf/smoke-sweep.conf", "--data-dir", data.toString(), "--out", tmp.resolve("z").toString(),
                "--master", "sparkle://host:7077");
        assertTrue(scheme.err().startsWith("error: --master sparkle://host:7077: not a Spark master URL"), scheme.err());
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        Run unreachable = run("train", "--config", "conf/smoke-sweep.conf", "--data-dir", data.toString(), "--out",
                tmp.resolve("z").toString(), "--master", "spark://127.0.0.1:" + port);
        // bnsweep's own check answered (one connection attempt), not Spark's minute of retries ("All masters are unresponsive")
        assertTrue(unreachable.err().startsWith("error: cannot reach the Spark master at 127.0.0.1:" + port), unreachable.err());
        assertFalse(Files.exists(tmp.resolve("z")), "nothing written");
    }
}
