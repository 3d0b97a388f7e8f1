package bnsweep.run;

import bnsweep.bn.BnInference;
import bnsweep.bn.BnTexts;
import bnsweep.config.TrainKeys;
import bnsweep.config.TrainSettings;
import bnsweep.data.PreparedDataset;
import bnsweep.engine.EpochMetrics;
import bnsweep.engine.driver.DataParallelTrainer;
import bnsweep.shard.Partitioning;
import bnsweep.shard.ShardedSplit;
import bnsweep.util.Termination;
import bnsweep.util.Versions;
import bnsweep.util.fs.Location;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** The steps of one {@link TrainingJob}: manifest, data, train (or resume), test, outputs; and on failure, what is recorded. */
final class TrainingRun {
    private final SparkSession spark;
    private final JavaSparkContext sc;
    private final PreparedDataset data;
    private final TrainSettings s;
    private final Location outDir;
    private final TrainingJob.Log log;
    private final RunOutput output;
    private final Checkpoint resumed;
    private final double elapsedBefore;
    private final long start = System.nanoTime();
    private final List<EpochMetrics> epochs = new ArrayList<>();
    private ShardedSplit train, val, test;
    private DataParallelTrainer trainer;

    TrainingRun(SparkSession spark, PreparedDataset data, TrainSettings s, Location outDir, TrainingJob.Log log) {
        this.spark = spark;
        this.sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        this.data = data;
        this.s = s;
        this.outDir = outDir;
        this.log = log;
        this.output = new RunOutput(outDir, s);
        this.resumed = Checkpoint.load(outDir, s, data);
        this.elapsedBefore = resumed == null ? 0 : resumed.elapsedSeconds();
    }

    TrainingJob.TrainingOutcome run() {
        output.start(manifest(), resumed == null ? List.of() : resumed.epochs());
        try {
            dealTrainingData();
            int steps = startTrainer();
            if (!diverged()) trainer.fit(train, val, epochs.size() + 1, s.epochs(), new ConsoleProgress(s, log, output, this::checkpoint));
            if (diverged()) {
                EpochMetrics last = epochs.get(epochs.size() - 1);
                log.line("diverged in epoch %d (train loss %.4g): stopped, recorded as diverged%n", last.epoch(), last.trainLoss());
            }
            release(val);
            val = null;
            return testAndFinish(steps);
        } catch (Throwable e) { // also the checked exceptions Scala code throws (SparkException, AnalysisException)
            if (RunInterrupted.isInterruption(e)) {
                output.interrupted();
                throw new RunInterrupted("interrupted during " + s.configId() + "; its checkpoint after the last complete epoch is kept"
                        + " in " + outDir + ": run the same command again to resume", e);
            }
            output.fail(e);
            throw e;
        } finally {
            cleanUp();
        }
    }

    /** What manifest.json records beside the configuration. */
    private Map<String, Object> manifest() {
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
        return details;
    }

    private ShardedSplit deal(String split, Partitioning partitioning) {
        ShardedSplit shards = ShardedSplit.of(sc, data.split(spark, split), data.encoding(s.inputScaling()), data.shape(), s.workers(),
                partitioning, s.seed());
        data.checkCount(split, shards.size());
        return shards;
    }

    private void dealTrainingData() {
        log.line("dealing %s to %d workers (%s)%n", data.kind().id(), s.workers(), s.partitioning().id());
        String crowded = sc.isLocal() ? TrainingJob.oversubscription(s.workers(), Runtime.getRuntime().availableProcessors()) : null;
        if (crowded != null) log.line("warning: %s%n", crowded);
        train = deal("train", s.partitioning());
        val = deal("val", Partitioning.IID);
    }

    /** The trainer, from the checkpoint's state when resuming; returns the steps per worker and epoch. */
    private int startTrainer() {
        trainer = new DataParallelTrainer(sc, s.initialNetwork(data.shape()), s.engine());
        int steps = trainer.stepsPerEpoch(train);
        log.line("%d train examples, %d steps of %d per worker per epoch, sync %s, rounds of %d steps%n",
                train.size(), steps, s.batchSize(), s.sync().id(), s.averagingFrequency());
        if (resumed != null) {
            trainer.restore(resumed.state());
            epochs.addAll(resumed.epochs());
            log.line("resuming after epoch %d from %s%n", resumed.completedEpochs(), outDir.resolve(Checkpoint.FILE));
        }
        return steps;
    }

    private void checkpoint(EpochMetrics m) {
        epochs.add(m);
        new Checkpoint(s.configId(), Checkpoint.fingerprint(s, data), trainer.state(), List.copyOf(epochs), seconds()).save(outDir);
    }

    private boolean diverged() {
        return !epochs.isEmpty() && epochs.get(epochs.size() - 1).diverged();
    }

    private double seconds() {
        return elapsedBefore + (System.nanoTime() - start) / 1e9;
    }

    private TrainingJob.TrainingOutcome testAndFinish(int steps) {
        test = deal("test", Partitioning.IID);
        DataParallelTrainer.ByVariant tested = trainer.evaluateByVariant(test, train);
        release(train);
        train = null;
        double best = epochs.stream().mapToDouble(EpochMetrics::valAcc).max().orElse(Double.NaN);
        double total = seconds();
        log.line("test loss %.4f, test accuracy %.4f, best val accuracy %.4f, %.1f s%n", tested.result().loss(),
                tested.result().accuracy(), best, total);
        Map<String, Object> end = new LinkedHashMap<>();
        end.put("steps_per_epoch_per_worker", steps);
        end.put("train_examples_per_epoch", (long) steps * s.batchSize() * s.workers());
        end.put("metrics_note", "train_* and val_* are inference-mode passes over the whole split after each epoch, with BN"
                + " statistics '" + BnInference.DEFAULT.id() + "' (val_acc_<variant>: each variant); epoch_seconds is the"
                + " training stage plus the precise-BN recomputation (evaluation excluded), examples_per_second the training"
                + " stage's alone");
        output.finish(tested.result(), tested.accuracy(), best, total, epochs.size(), diverged(), end);
        Checkpoint.delete(outDir);
        return new TrainingJob.TrainingOutcome(epochs, tested.result(), best, total, trainer.state());
    }

    private static void release(ShardedSplit split) {
        if (split != null) split.release();
    }

    /** Stops the trainer's hub, drops the executors' cached networks and the cached splits. */
    private void cleanUp() {
        try {
            if (trainer != null) {
                trainer.close();
                trainer.release(test != null ? test : train != null ? train : val);
            }
            for (ShardedSplit sp : new ShardedSplit[] {train, val, test}) release(sp);
        } catch (RuntimeException cleanup) {
            // after a shutdown (a stopped SparkContext refuses to unpersist) the interruption, not this, is the error to report
            if (!spark.sparkContext().isStopped() && !Termination.requested()) throw cleanup;
        }
    }
}
