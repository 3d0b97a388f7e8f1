package bnsweep.run;

import bnsweep.bn.BnInference;
import bnsweep.bn.BnTexts;
import bnsweep.config.TrainKeys;
import bnsweep.config.TrainSettings;
import bnsweep.data.Normalization;
import bnsweep.data.PreparedDataset;
import bnsweep.engine.EpochListener;
import bnsweep.engine.EpochMetrics;
import bnsweep.engine.EvalResult;
import bnsweep.engine.ModelState;
import bnsweep.engine.driver.DataParallelTrainer;
import bnsweep.shard.Partitioning;
import bnsweep.shard.ShardedSplit;
import bnsweep.util.Termination;
import bnsweep.util.Versions;
import bnsweep.util.fs.Location;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
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
    private final SweepProgress sweepProgress;

    /** Told about every finished epoch, and asked for a prefix of the progress lines (a sweep's "k/n, ETA"). */
    public interface SweepProgress {
        String label();

        void epochDone();
    }

    public TrainingJob(SparkSession spark, PreparedDataset data, PrintStream out) {
        this(spark, data, out, null);
    }

    public TrainingJob(SparkSession spark, PreparedDataset data, PrintStream out, SweepProgress sweepProgress) {
        this.spark = spark;
        this.data = data;
        this.out = out;
        this.sweepProgress = sweepProgress;
    }

    private String tag(TrainSettings s) {
        return sweepProgress == null ? "[" + s.configId() + "]" : "[" + sweepProgress.label() + " " + s.configId() + "]";
    }

    /**
     * Trains configuration {@code s} into {@code outDir}. After every epoch a checkpoint is written
     * there; if one exists when this starts, training continues after its last completed epoch and
     * ends with the metrics an uninterrupted run would have had (times aside).
     */
    public TrainingOutcome run(TrainSettings s, Location outDir) {
        if (data.kind() != s.dataset()) throw new IllegalArgumentException("prepared data is " + data.kind().id() + ", config wants " + s.dataset().id());
        MemoryEstimate.check(s, spark.sparkContext().isLocal(), Runtime.getRuntime().maxMemory());
        RunOutput output = new RunOutput(outDir, s);
        Checkpoint resumed = Checkpoint.load(outDir, s);
        double elapsedBefore = resumed == null ? 0 : resumed.elapsedSeconds();
        long start = System.nanoTime();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("versions", Versions.all());
        details.put("spark_master", sc.master());
        details.put("bn_mode", Map.of("id", s.bn().id(), "description", s.bn().description(), "bn_batch", s.bnBatch()));
        if (s.bn().batchNorm()) details.put("bn_inference", BnTexts.inferenceManifest());
        details.put("sync", Map.of("id", s.sync().id(), "description", s.sync().description()));
        details.put("learning_rate", Map.of("configured", s.get(TrainKeys.LEARNING_RATE), "lr_scaling", s.get(TrainKeys.LR_SCALING).id(),
                "global_batch", s.globalBatch(), "used", s.learningRate()));
        details.put("dataset", data.provenance());
        details.put("input_scaling", Map.of("id", s.inputScaling().id(), "formula", s.inputScaling().formula()));
        if (resumed != null) details.put("resumed_after_epoch", resumed.completedEpochs());
        output.start(details, resumed == null ? List.of() : resumed.epochs());
        ShardedSplit train = null, val = null, test = null;
        DataParallelTrainer trainer = null;
        try {
            int channels = data.kind().channels(), features = data.kind().featureCount();
            Normalization inputs = s.inputScaling().constants(data.normalization());
            line("%s dealing %s to %d workers (%s)%n", tag(s), data.kind().id(), s.workers(), s.partitioning().id());
            String crowded = sc.isLocal() ? oversubscription(s.workers(), Runtime.getRuntime().availableProcessors()) : null;
            if (crowded != null) line("%s warning: %s%n", tag(s), crowded);
            train = ShardedSplit.of(sc, data.split(spark, "train"), inputs, channels, features,
                    s.workers(), s.partitioning(), s.seed());
            val = ShardedSplit.of(sc, data.split(spark, "val"), inputs, channels, features,
                    s.workers(), Partitioning.IID, s.seed());
            data.checkCount("train", train.size());
            data.checkCount("val", val.size());
            trainer = new DataParallelTrainer(sc, s.initialNetwork(), s.engine());
            int steps = trainer.stepsPerEpoch(train);
            line("%s %d train examples, %d steps of %d per worker per epoch, sync %s, rounds of %d steps%n",
                    tag(s), train.size(), steps, s.batchSize(), s.sync().id(), s.averagingFrequency());
            List<EpochMetrics> epochs = new ArrayList<>();
            if (resumed != null) {
                trainer.restore(resumed.state());
                epochs.addAll(resumed.epochs());
                line("%s resuming after epoch %d from %s%n", tag(s), resumed.completedEpochs(), outDir.resolve(Checkpoint.FILE));
            }
            DataParallelTrainer t0 = trainer;
            EpochListener progress = new ConsoleProgress(s, output, m -> {
                epochs.add(m);
                new Checkpoint(s.configId(), s.fingerprint(), t0.state(), List.copyOf(epochs), elapsedBefore + (System.nanoTime() - start) / 1e9).save(outDir);
            });
            trainer.fit(train, val, epochs.size() + 1, s.epochs(), progress);
            val.release();
            val = null;
            test = ShardedSplit.of(sc, data.split(spark, "test"), inputs, channels, features,
                    s.workers(), Partitioning.IID, s.seed());
            data.checkCount("test", test.size());
            DataParallelTrainer.ByVariant tested = trainer.evaluateByVariant(test, train);
            EvalResult t = tested.result();
            double[] testAcc = tested.accuracy();
            train.release();
            train = null;
            double best = epochs.stream().mapToDouble(EpochMetrics::valAcc).max().orElse(Double.NaN);
            double total = elapsedBefore + (System.nanoTime() - start) / 1e9;
            line("%s test loss %.4f, test accuracy %.4f, best val accuracy %.4f, %.1f s%n",
                    tag(s), t.loss(), t.accuracy(), best, total);
            Map<String, Object> end = new LinkedHashMap<>();
            end.put("steps_per_epoch_per_worker", steps);
            end.put("train_examples_per_epoch", (long) steps * s.batchSize() * s.workers());
            end.put("metrics_note", "train_* and val_* are inference-mode passes over the whole split after each epoch, with BN"
                    + " statistics '" + BnInference.DEFAULT.id() + "' (val_acc_<variant>: each variant); epoch_seconds is the"
                    + " training stage plus the precise-BN recomputation (evaluation excluded), examples_per_second the training"
                    + " stage's alone");
            output.finish(t, testAcc, best, total, end);
            Checkpoint.delete(outDir);
            return new TrainingOutcome(epochs, t, best, total, trainer.state());
        } catch (Throwable e) { // also the checked exceptions Scala code throws (SparkException, AnalysisException)
            if (Termination.requested() || e instanceof RunInterrupted) {
                output.interrupted();
                throw new RunInterrupted("interrupted during " + s.configId() + "; its checkpoint after the last complete epoch is kept"
                        + " in " + outDir + ": run the same command again to resume", e);
            }
            output.fail(e);
            throw e;
        } finally {
            try {
                if (trainer != null) {
                    trainer.close();
                    trainer.release(test != null ? test : train != null ? train : val);
                }
                for (ShardedSplit sp : new ShardedSplit[] {train, val, test}) if (sp != null) sp.release();
            } catch (RuntimeException cleanup) {
                // after a shutdown (a stopped SparkContext refuses to unpersist) the interruption, not this, is the error to report
                if (!spark.sparkContext().isStopped() && !Termination.requested()) throw cleanup;
            }
        }
    }

    /** A warning when a local master runs far more workers than the machine has cores (more than twice), else null. */
    static String oversubscription(int workers, int cores) {
        if (workers <= 2 * cores) return null;
        return String.format(Locale.ROOT, "workers = %d on %d cores: each core runs about %d workers in turn, so an epoch takes"
                + " about that many times longer than with %d workers", workers, cores, (workers + cores - 1) / cores, cores);
    }

    /** Prints one line with a single write, so that log lines on the other stream cannot split it. */
    private void line(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        out.print(text);
        out.flush();
    }

    /** Prints progress, writes epochs.csv and then the checkpoint after every epoch. */
    private final class ConsoleProgress implements EpochListener {
        private final TrainSettings s;
        private final RunOutput output;
        private final Consumer<EpochMetrics> checkpoint;

        ConsoleProgress(TrainSettings s, RunOutput output, Consumer<EpochMetrics> checkpoint) {
            this.s = s;
            this.output = output;
            this.checkpoint = checkpoint;
        }

        @Override
        public void progress(int epoch, int step, int steps, double loss) {
            line("%s epoch %d/%d: step %d/%d, minibatch loss %.4f%n", tag(s), epoch, s.epochs(), step, steps, loss);
        }

        @Override
        public void retry(int epoch, int failedAttempt, int maxAttempts, String cause) {
            line("%s epoch %d/%d: attempt %d of %d failed (%s); running the epoch again from its start%n",
                    tag(s), epoch, s.epochs(), failedAttempt, maxAttempts, cause);
        }

        @Override
        public void epochDone(EpochMetrics m) {
            output.epoch(m);
            checkpoint.accept(m);
            if (sweepProgress != null) sweepProgress.epochDone();
            String variants = "";
            if (s.bn().batchNorm()) {
                double[] v = m.valAccByVariant();
                variants = String.format(Locale.ROOT, " (averaged %.4f, merged %.4f, precise %.4f)", v[BnInference.AVERAGED.ordinal()],
                        v[BnInference.MERGED.ordinal()], v[BnInference.PRECISE.ordinal()]);
            }
            line("%s epoch %d/%d: train loss %.4f acc %.4f | val loss %.4f acc %.4f%s | %.1f s, %.0f examples/s%n",
                    tag(s), m.epoch(), s.epochs(), m.trainLoss(), m.trainAcc(), m.valLoss(), m.valAcc(), variants,
                    m.epochSeconds(), m.examplesPerSecond());
        }
    }

    public record TrainingOutcome(List<EpochMetrics> epochs, EvalResult test, double bestValAcc, double totalSeconds,
                                  ModelState finalState) {}
}
