package bnsweep.train;

import bnsweep.data.PreparedDataset;
import bnsweep.model.NetworkFactory;
import bnsweep.util.Versions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * One training configuration end to end: deal the Parquet splits to the workers, train a fresh
 * network by parameter averaging, evaluate every epoch, test at the end, write the output contract.
 */
public final class TrainingJob {
    private final SparkSession spark;
    private final PreparedDataset data;
    private final PrintStream out;

    public TrainingJob(SparkSession spark, PreparedDataset data, PrintStream out) {
        this.spark = spark;
        this.data = data;
        this.out = out;
    }

    public TrainingOutcome run(TrainSettings s, Path outDir) {
        if (data.kind() != s.dataset()) throw new IllegalArgumentException("prepared data is " + data.kind().id() + ", config wants " + s.dataset().id());
        RunOutput output = new RunOutput(outDir, s);
        long start = System.nanoTime();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("versions", Versions.all());
        details.put("spark_master", sc.master());
        details.put("bn_mode", Map.of("id", s.bn().id(), "description", s.bn().description()));
        details.put("dataset", datasetDetails());
        output.start(details);
        ShardedSplit train = null, val = null, test = null;
        ParameterAveragingTrainer trainer = null;
        try {
            int channels = data.kind().channels(), features = data.kind().featureCount();
            out.printf("[%s] dealing %s to %d workers (%s)%n", s.configId(), data.kind().id(), s.workers(), s.partitioning().id());
            train = ShardedSplit.of(sc, data.split(spark, "train"), data.normalization(), channels, features,
                    s.workers(), s.partitioning(), s.seed());
            val = ShardedSplit.of(sc, data.split(spark, "val"), data.normalization(), channels, features,
                    s.workers(), Partitioning.IID, s.seed());
            trainer = new ParameterAveragingTrainer(sc, NetworkFactory.initialise(s.network()), s.batchSize(),
                    s.averagingFrequency(), s.seed(), true, s.bn(), s.preciseBnExamples());
            int steps = trainer.stepsPerEpoch(train);
            out.printf("[%s] %d train examples, %d steps of %d per worker per epoch, averaging every %d%n",
                    s.configId(), train.size(), steps, s.batchSize(), s.averagingFrequency());
            List<EpochMetrics> epochs = trainer.fit(train, val, s.epochs(), new ConsoleProgress(s, output));
            train.release();
            val.release();
            train = val = null;
            test = ShardedSplit.of(sc, data.split(spark, "test"), data.normalization(), channels, features,
                    s.workers(), Partitioning.IID, s.seed());
            EvalResult t = trainer.evaluate(test);
            double best = epochs.stream().mapToDouble(EpochMetrics::valAcc).max().orElse(Double.NaN);
            double total = (System.nanoTime() - start) / 1e9;
            out.printf(Locale.ROOT, "[%s] test loss %.4f, test accuracy %.4f, best val accuracy %.4f, %.1f s%n",
                    s.configId(), t.loss(), t.accuracy(), best, total);
            Map<String, Object> end = new LinkedHashMap<>();
            end.put("steps_per_epoch_per_worker", steps);
            end.put("train_examples_per_epoch", (long) steps * s.batchSize() * s.workers());
            end.put("metrics_note", "train_* and val_* are inference-mode passes over the whole split after each epoch;"
                    + " epoch_seconds is the training wall time of the epoch (evaluation excluded)");
            output.finish(t, best, total, end);
            return new TrainingOutcome(epochs, t, best, total, trainer.state());
        } catch (RuntimeException e) {
            output.fail(e);
            throw e;
        } finally {
            if (trainer != null) trainer.release(test != null ? test : train != null ? train : val);
            for (ShardedSplit sp : new ShardedSplit[] {train, val, test}) if (sp != null) sp.release();
        }
    }

    private Map<String, Object> datasetDetails() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", data.kind().id());
        d.put("prepared_dir", data.dir().toAbsolutePath().toString());
        d.put("manifest_sha256", bnsweep.data.Checksums.digest(data.dir().resolve(PreparedDataset.MANIFEST), "SHA-256"));
        d.put("sources", data.manifest().get("sources"));
        d.put("counts", data.manifest().get("counts"));
        d.put("split_seed", data.manifest().get("split_seed"));
        d.put("normalization", data.manifest().get("normalization"));
        return d;
    }

    /** Prints progress and writes epochs.csv after every epoch. */
    private final class ConsoleProgress implements EpochListener {
        private final TrainSettings s;
        private final RunOutput output;

        ConsoleProgress(TrainSettings s, RunOutput output) {
            this.s = s;
            this.output = output;
        }

        @Override
        public void progress(int epoch, int round, int rounds, double loss) {
            out.printf(Locale.ROOT, "[%s] epoch %d/%d: round %d/%d, minibatch loss %.4f%n", s.configId(), epoch, s.epochs(), round, rounds, loss);
        }

        @Override
        public void epochDone(EpochMetrics m) {
            output.epoch(m);
            out.printf(Locale.ROOT, "[%s] epoch %d/%d: train loss %.4f acc %.4f | val loss %.4f acc %.4f | %.1f s, %.0f examples/s%n",
                    s.configId(), m.epoch(), s.epochs(), m.trainLoss(), m.trainAcc(), m.valLoss(), m.valAcc(),
                    m.epochSeconds(), m.examplesPerSecond());
        }
    }

    public record TrainingOutcome(List<EpochMetrics> epochs, EvalResult test, double bestValAcc, double totalSeconds,
                                  ModelState finalState) {}
}
