package bnsweep.engine;

import bnsweep.bn.BnMode;
import bnsweep.bn.BnMoments;
import bnsweep.bn.BnParamLayout;
import bnsweep.shard.ShardedSplit;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Data-parallel training by parameter averaging, driven from the Spark driver.
 *
 * <p>An epoch is {@code steps = floor(smallest shard / batch)} minibatches per worker, in lockstep.
 * Every {@code averagingFrequency} steps is a round: the driver broadcasts the model state, each
 * worker fits its next minibatches ({@link TrainRoundFunction}), a {@code treeAggregate} sums the
 * workers' parameters and updater states, and the driver divides by the number of workers. This is
 * what DL4J's ParameterAveragingTrainingMaster does (and the test suite checks that the two agree);
 * owning the loop lets the BN statistics be merged differently from the weights:
 * <ul>
 *   <li>{@code naive}: BN running mean and log10(std) are averaged like any parameter (DL4J);</li>
 *   <li>{@code exact}: they are replaced by SyncBatchNorm's running statistics: each step's
 *       minibatch moments of all workers merged exactly ({@link BnMoments#merge}) and run through
 *       DL4J's running-average recurrence ({@link #mergeBnStatistics}), written back in DL4J's
 *       parameterisation;</li>
 *   <li>{@code exact-precise}: exact, and before every evaluation {@link #recomputeBnStatistics}
 *       replaces them by the population statistics of the training set (precise BN).</li>
 * </ul>
 * For every BN network each round also measures the drift: the largest relative difference
 * between the exactly merged variance and the one naive averaging gives.
 */
public final class ParameterAveragingTrainer {
    private static final long PROGRESS_EVERY_NANOS = 10_000_000_000L;

    private final JavaSparkContext sc;
    private final int batchSize;
    private final int averagingFrequency;
    private final long seed;
    private final boolean shuffle;
    private final BnMode bnMode;
    private final int preciseBnExamples;
    private final BnParamLayout bnLayout;
    private final String runKey = UUID.randomUUID().toString();
    private ModelState state;

    /**
     * @param initial   the freshly initialised network (its parameters and updater state are the start)
     * @param shuffle   visit each shard in a new seeded order every epoch (false: stored order, for tests)
     * @param bnMode    how BN running statistics are combined (ignored for networks without BN)
     * @param preciseBnExamples training examples precise BN may use, 0 for all
     */
    public ParameterAveragingTrainer(JavaSparkContext sc, MultiLayerNetwork initial, int batchSize,
                                     int averagingFrequency, long seed, boolean shuffle, BnMode bnMode,
                                     int preciseBnExamples) {
        if (batchSize < 1 || averagingFrequency < 1) throw new IllegalArgumentException("batch size and averaging frequency must be >= 1");
        this.sc = sc;
        this.batchSize = batchSize;
        this.averagingFrequency = averagingFrequency;
        this.seed = seed;
        this.shuffle = shuffle;
        this.bnMode = bnMode;
        this.preciseBnExamples = preciseBnExamples;
        this.bnLayout = BnParamLayout.of(initial);
        this.state = ModelState.of(initial);
    }

    public ModelState state() {
        return state;
    }

    /** Minibatches per worker in one epoch over {@code train}. */
    public int stepsPerEpoch(ShardedSplit train) {
        int steps = train.minShardSize() / batchSize;
        if (steps == 0) {
            throw new IllegalArgumentException("batch size " + batchSize + " per worker is larger than the smallest shard ("
                    + train.minShardSize() + " examples with " + train.workers() + " workers)");
        }
        return steps;
    }

    /** Trains one epoch (1-based number); returns its training wall time in seconds and examples trained. */
    public EpochTiming trainEpoch(int epoch, ShardedSplit train, EpochListener listener) {
        int steps = stepsPerEpoch(train);
        int rounds = (steps + averagingFrequency - 1) / averagingFrequency;
        state = state.withEpoch(epoch - 1);
        long start = System.nanoTime(), lastReport = start;
        long examples = 0;
        double lossSum = 0;
        long lossSteps = 0;
        long fitNanos = 0;
        double driftMax = 0, driftSum = 0;
        for (int r = 0; r < rounds; r++) {
            int from = r * averagingFrequency, to = Math.min(steps, from + averagingFrequency);
            float[] before = state.params();
            RoundResult sum = round(train, epoch, from, to);
            float[] params = sum.meanParams();
            if (bnLayout.size() > 0) {
                double drift = mergeBnStatistics(before, params, sum.bn);
                driftMax = Math.max(driftMax, drift);
                driftSum += drift;
            }
            state = state.with(params, sum.meanUpdater(), state.iteration() + (to - from));
            examples += sum.examples;
            lossSum += sum.lossSum;
            lossSteps += sum.steps;
            fitNanos += sum.fitNanos / sum.workers;
            long now = System.nanoTime();
            if (listener != null && now - lastReport > PROGRESS_EVERY_NANOS) {
                listener.progress(epoch, r + 1, rounds, lossSum / lossSteps);
                lastReport = now;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new EpochTiming(seconds, examples, fitNanos / 1e9, driftMax, driftSum / rounds);
    }

    private RoundResult round(ShardedSplit train, int epoch, int fromStep, int toStep) {
        Broadcast<ModelState> bc = sc.broadcast(state);
        try {
            RoundResult sum = train.rdd()
                    .mapPartitions(new TrainRoundFunction(bc, runKey, seed, epoch, fromStep, toStep, batchSize, shuffle, bnLayout))
                    .treeAggregate(new RoundResult(), RoundResult::merge, RoundResult::merge, 2);
            if (sum == null || sum.workers != train.workers()) {
                throw new IllegalStateException("round returned results from " + (sum == null ? 0 : sum.workers)
                        + " of " + train.workers() + " workers");
            }
            return sum;
        } finally {
            bc.destroy(false);
        }
    }

    /**
     * Applies the BN mode to freshly averaged parameters. The exact running statistics are those a
     * single network would hold had each step's BN statistics been computed over the union of the
     * workers' minibatches (SyncBatchNorm's): starting from the round's broadcast values, for each
     * step t, with the union's moments (mean_t, var_t) from {@link BnMoments#merge},
     * <pre>
     *   running_mean = decay running_mean + (1 - decay) mean_t
     *   running_var  = decay running_var  + (1 - decay) var_t
     * </pre>
     * the same recurrence DL4J applies per worker. Returns the drift: max over BN features of
     * |v_exact - v_naive| / v_exact, where v_naive is what averaging the parameters gave.
     */
    private double mergeBnStatistics(float[] before, float[] averaged, BnMoments[][] steps) {
        double drift = 0;
        for (int b = 0; b < bnLayout.size(); b++) {
            double d = bnLayout.decay(b);
            double[] mean = bnLayout.mean(before, b), var = bnLayout.variance(before, b);
            for (BnMoments union : steps[b]) {
                double[] um = union.mean(), uv = union.variance();
                for (int j = 0; j < mean.length; j++) {
                    mean[j] = d * mean[j] + (1 - d) * um[j];
                    var[j] = d * var[j] + (1 - d) * uv[j];
                }
            }
            double[] naive = bnLayout.variance(averaged, b);
            for (int j = 0; j < var.length; j++) drift = Math.max(drift, Math.abs(var[j] - naive[j]) / var[j]);
            if (bnMode.exactMerge()) bnLayout.write(averaged, b, mean, var);
        }
        return drift;
    }

    /**
     * Precise BN (Wu &amp; Johnson 2021): replaces every BN layer's running statistics by the
     * population mean and variance of its inputs over the training set, computed on the workers,
     * layer by layer in order so that each layer sees inputs normalised by the already recomputed
     * layers below it.
     */
    public void recomputeBnStatistics(ShardedSplit train) {
        int perWorker = preciseBnExamples <= 0 ? Integer.MAX_VALUE
                : (preciseBnExamples + train.workers() - 1) / train.workers();
        for (int b = 0; b < bnLayout.size(); b++) {
            Broadcast<ModelState> bc = sc.broadcast(state);
            BnMoments population;
            try {
                population = train.rdd().mapPartitions(new PreciseBnFunction(bc, runKey, bnLayout.layerIndex(b), perWorker))
                        .treeAggregate(null, BnMoments::merge, BnMoments::merge, 2);
            } finally {
                bc.destroy(false);
            }
            float[] params = state.params().clone();
            bnLayout.write(params, b, population.mean(), population.variance());
            state = state.with(params, state.updater(), state.iteration());
        }
    }

    /** Inference-mode loss and accuracy of the current model over a split, computed on the workers. */
    public EvalResult evaluate(ShardedSplit split) {
        Broadcast<ModelState> bc = sc.broadcast(state);
        try {
            return split.rdd().mapPartitions(new EvaluateFunction(bc, runKey)).reduce(EvalResult::plus);
        } finally {
            bc.destroy(false);
        }
    }

    /** Continues from a checkpointed state (parameters, updater state, iteration count). */
    public void restore(ModelState saved) {
        if (saved.params().length != state.params().length || saved.updater().length != state.updater().length) {
            throw new IllegalArgumentException("checkpoint does not fit this network");
        }
        state = saved;
    }

    /** Runs epochs {@code firstEpoch..lastEpoch}, evaluating on train and validation after each. */
    public List<EpochMetrics> fit(ShardedSplit train, ShardedSplit val, int firstEpoch, int lastEpoch, EpochListener listener) {
        List<EpochMetrics> all = new ArrayList<>();
        for (int e = firstEpoch; e <= lastEpoch; e++) {
            EpochTiming t = trainEpoch(e, train, listener);
            if (bnMode.precise() && bnLayout.size() > 0) recomputeBnStatistics(train);
            EvalResult tr = evaluate(train);
            EvalResult va = evaluate(val);
            EpochMetrics m = new EpochMetrics(e, tr.loss(), tr.accuracy(), va.loss(), va.accuracy(),
                    t.seconds(), t.examples() / t.seconds(), t.bnDriftMax(), t.bnDriftMean());
            all.add(m);
            if (listener != null) listener.epochDone(m);
        }
        return all;
    }

    /** Drops the executors' cached networks of this run. */
    public void release(ShardedSplit any) {
        String key = runKey;
        any.rdd().foreachPartition(it -> NetworkCache.release(key));
    }

    /**
     * Wall time of the epoch's rounds, examples trained, the mean seconds a worker spent fitting,
     * and the BN drift (max and mean over rounds; 0 without BN).
     */
    public record EpochTiming(double seconds, long examples, double workerFitSeconds, double bnDriftMax, double bnDriftMean) {}
}
