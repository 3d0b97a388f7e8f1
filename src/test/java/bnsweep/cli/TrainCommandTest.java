package bnsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnsweep.data.DatasetKind;
import bnsweep.data.DatasetPreparer;
import bnsweep.testutil.DatasetFiles;
import bnsweep.testutil.SparkTestSupport;
import bnsweep.util.AtomicFiles;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end through the CLI: prepare generated MNIST-format files, train, check the output contract. */
class TrainCommandTest {
    @TempDir
    static Path tmp;
    static Path data;

    static Path src;

    @BeforeAll
    static void prepare() {
        DatasetFiles files = new DatasetFiles();
        src = files.mnist(tmp.resolve("src"), 700, 200, 28, 28);
        data = tmp.resolve("data");
        // generated files are not the official ones: the test plays the publisher of their checksums
        new DatasetPreparer(DatasetKind.MNIST, bnsweep.util.fs.Location.of(data), 100, 42, false, System.out, files.published())
                .prepare(src, SparkTestSupport.spark());
    }

    @Test
    void prepareRefusesFilesThatAreNotTheOfficialOnes() {
        Run r = run("prepare", "mnist", "--data-dir", tmp.resolve("other").toString(), "--from", src.toString(), "--skip-verify");
        assertEquals(1, r.code());
        assertTrue(r.err().contains(src.resolve("train-images-idx3-ubyte.gz") + ": MD5 mismatch: expected f68b3c2dcbeaaa9fbdd348bbdeb94873"), r.err());
        Run unknown = run("prepare", "imagenet", "--data-dir", tmp.resolve("other").toString());
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("unknown dataset 'imagenet'"), unknown.err());
    }

    record Run(int code, String err) {}

    static Run run(String... args) {
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(err, true), args);
        return new Run(code, err.toString());
    }

    static Run train(Path out, String... overrides) {
        String[] base = {"train", "--config", "conf/mnist.conf", "--data-dir", data.toString(), "--out", out.toString()};
        String[] all = new String[base.length + overrides.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(overrides, 0, all, base.length, overrides.length);
        return run(all);
    }

    @Test
    void notebookOptionsTrainEndToEnd() throws IOException {
        // input BN is DL4J layer 0: precise BN must take its input from the data, not from a layer before it
        Path out = tmp.resolve("run-notebook");
        Run r = train(out, "epochs=1", "batch-size=16", "hidden=16,8", "workers=2", "bn=sync", "input-bn=true",
                "bn-placement=after-activation", "dropout=0.2", "activation=leakyrelu", "leakyrelu-alpha=0.3", "input-scaling=unit",
                "precise-bn-examples=100");
        assertEquals(0, r.code(), r.err());
        JsonNode m = AtomicFiles.JSON.readTree(out.resolve("manifest.json").toFile());
        assertEquals("complete", m.path("status").asText());
        assertEquals("unit", m.path("config").path("input-scaling").asText());
        assertEquals("b / 255, in [0, 1]", m.path("input_scaling").path("formula").asText());
        assertEquals(0.2, m.path("config").path("dropout").asDouble());
    }

    @Test
    void trainWritesTheOutputContract() throws IOException {
        Path out = tmp.resolve("run-bn");
        Run r = train(out, "epochs=2", "batch-size=16", "hidden=32,16", "workers=2", "seed=3");
        assertEquals(0, r.code(), r.err());

        List<String> epochs = Files.readAllLines(out.resolve("epochs.csv"));
        assertEquals(bnsweep.run.RunTables.EPOCHS_CSV.header(), epochs.get(0));
        assertEquals("config_id,dataset,bn,batch_size,workers,seed,epoch,train_loss,train_acc,val_loss,val_acc,epoch_seconds,examples_per_second,"
                + "bn_batch,val_acc_averaged,val_acc_merged,val_acc_precise,precise_bn_seconds,variant,global_batch,learning_rate,steps,"
                + "collective_seconds", epochs.get(0));
        assertEquals(3, epochs.size());
        assertTrue(epochs.get(1).startsWith("mnist-sync-b16-w2-s3,mnist,sync,16,2,3,1,"), epochs.get(1));
        assertTrue(epochs.get(2).startsWith("mnist-sync-b16-w2-s3,mnist,sync,16,2,3,2,"), epochs.get(2));
        String[] e2 = epochs.get(2).split(",", -1);
        assertEquals("32", e2[13], "bn = sync normalises over both workers' minibatches: BN batch 2 x 16");
        assertEquals(e2[10], e2[15], "val_acc is the merged variant's");
        for (int i = 14; i <= 17; i++) assertTrue(!e2[i].isEmpty() && Double.parseDouble(e2[i]) >= 0, "column " + i + " of " + epochs.get(2));
        int steps = Integer.parseInt(e2[21]);
        double collective = Double.parseDouble(e2[22]);
        assertTrue(steps > 0, "steps " + e2[21]);
        assertTrue(collective > 0 && collective < Double.parseDouble(e2[11]),
                "bn = sync exchanges every step: time in the collective " + collective + " s, within the epoch's " + e2[11] + " s");

        List<String> results = Files.readAllLines(out.resolve("results.csv"));
        assertEquals("config_id,dataset,bn,batch_size,workers,seed,epochs,test_loss,test_acc,best_val_acc,total_seconds,"
                + "bn_batch,test_acc_averaged,test_acc_merged,test_acc_precise,variant,global_batch,learning_rate,diverged", results.get(0));
        String[] row = results.get(1).split(",");
        assertEquals(19, row.length);
        assertEquals("false", row[18], "a run that trained normally did not diverge");
        assertEquals("32", row[16], "global batch 2 x 16");
        assertEquals("0.00100000", row[17], "learning rate used: lr-scaling none");
        assertEquals(row[8], row[13], "test_acc is the merged variant's");
        double testAcc = Double.parseDouble(row[8]);
        assertTrue(testAcc > 0.8, "the generated classes are easy; test accuracy " + testAcc);
        double valAcc = Double.parseDouble(epochs.get(2).split(",")[10]);
        assertTrue(Double.parseDouble(row[9]) >= valAcc);

        JsonNode m = AtomicFiles.JSON.readTree(out.resolve("manifest.json").toFile());
        assertEquals("complete", m.path("status").asText());
        assertEquals("sync", m.path("config").path("bn").asText());
        assertEquals("sync", m.path("bn_mode").path("id").asText());
        assertEquals(bnsweep.bn.BnMode.SYNC.description(), m.path("bn_mode").path("description").asText());
        assertEquals("merged", m.path("bn_inference").path("default").asText());
        List<String> drift = Files.readAllLines(out.resolve("bn_drift.csv"));
        assertEquals("config_id,bn,epoch,max_rel_var_diff,mean_rel_var_diff", drift.get(0));
        assertEquals(3, drift.size());
        assertTrue(Double.parseDouble(drift.get(1).split(",")[3]) > 0, drift.get(1));
        assertEquals(16, m.path("config").path("batch-size").asInt());
        assertEquals("3.5.6", m.path("versions").path("spark").asText());
        assertEquals("1.0.0-M2.1", m.path("versions").path("dl4j").asText());
        assertTrue(m.path("versions").path("java").asText().startsWith("17"));
        assertEquals(4, m.path("dataset").path("sources").size());
        assertEquals(64, m.path("dataset").path("manifest_sha256").asText().length());
        assertTrue(m.hasNonNull("start") && m.hasNonNull("end"));

        Run again = train(out, "epochs=2", "batch-size=16", "hidden=32,16", "workers=2", "seed=3");
        assertEquals(1, again.code());
        assertTrue(again.err().contains("already holds a complete run"), again.err());
    }

    @Test
    void networkWithoutBn() throws IOException {
        Path out = tmp.resolve("run-none");
        Run r = train(out, "epochs=1", "batch-size=32", "hidden=16", "bn=none");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readAllLines(out.resolve("results.csv")).get(1).startsWith("mnist-none-b32-w2-s1,mnist,none,32,2,1,1,"));
        assertTrue(!Files.exists(out.resolve("bn_drift.csv")), "no BN, no drift file");
    }

    @Test
    void badKeysAndValuesAreNamed() {
        Run unknown = train(tmp.resolve("x1"), "epochz=3");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("unknown key 'epochz'"), unknown.err());
        Run zero = train(tmp.resolve("x2"), "batch-size=0");
        assertEquals(1, zero.code());
        assertTrue(zero.err().contains("bad value for 'batch-size'"), zero.err());
        Run mode = train(tmp.resolve("x3"), "bn=sometimes");
        assertTrue(mode.err().contains("bad value for 'bn'") && mode.err().contains("none, local, sync, ghost"), mode.err());
        Run old = train(tmp.resolve("x6"), "bn=exact");
        assertTrue(old.err().contains("'exact' is gone") && old.err().contains("none, local, sync, ghost")
                && old.err().contains("'merged'"), old.err());
        Run ghost = train(tmp.resolve("x7"), "bn=ghost", "ghost-batch=5", "batch-size=16");
        assertTrue(ghost.err().contains("bad value for 'ghost-batch'") && ghost.err().contains("divides batch-size 16"), ghost.err());
        Run text = train(tmp.resolve("x4"), "epochs=many");
        assertTrue(text.err().contains("bad value for 'epochs'"), text.err());
        Run notKv = train(tmp.resolve("x5"), "epochs");
        assertTrue(notKv.err().contains("not key=value"), notKv.err());
        assertTrue(!Files.exists(tmp.resolve("x1")) && !Files.exists(tmp.resolve("x7")), "nothing is written for a rejected configuration");
    }

    @Test
    void sweepCommandNamesBadSweepSettings() {
        String[] base = {"sweep", "--config", "conf/smoke-sweep.conf", "--data-dir", data.toString(), "--out"};
        Run unknown = run(concat(base, tmp.resolve("s1").toString(), "sweep.seedz=1"));
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("unknown key 'sweep.seedz'"), unknown.err());
        Run badMode = run(concat(base, tmp.resolve("s2").toString(), "sweep.bn=none,sometimes"));
        assertEquals(1, badMode.code());
        assertTrue(badMode.err().contains("unknown bn mode 'sometimes'"), badMode.err());
        Run repeated = run(concat(base, tmp.resolve("s3").toString(), "sweep.seeds=1,1"));
        assertTrue(repeated.err().contains("repeats a value"), repeated.err());
        assertEquals(0, run("sweep", "--help").code());
    }

    static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void missingConfigFileAndUsageErrors() {
        Run missing = run("train", "--config", "conf/nope.conf", "--data-dir", data.toString(), "--out", tmp.resolve("y").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("conf/nope.conf: config file not found"), missing.err());
        assertEquals(2, run("train", "--config", "conf/mnist.conf").code());
        assertEquals(0, run("train", "--help").code());
        assertEquals(0, run("prepare", "--help").code());
    }

    @Test
    void aFailedRunIsMarkedFailedNotComplete() throws IOException {
        Path out = tmp.resolve("too-big");
        Run r = train(out, "epochs=1", "batch-size=5000", "hidden=8");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("larger than the smallest shard"), r.err());
        JsonNode m = AtomicFiles.JSON.readTree(out.resolve("manifest.json").toFile());
        assertEquals("failed", m.path("status").asText());
        assertTrue(!Files.exists(out.resolve("results.csv")));
    }
}
