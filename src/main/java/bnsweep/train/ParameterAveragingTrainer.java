package bnsweep.train;

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
 * owning the loop lets the BN statistics be merged differently from the weights.
 */
public final class ParameterAveragingTrainer {
    private static final long PROGRESS_EVERY_NANOS = 10_000_000_000L;

    private final JavaSparkContext sc;
    private final int batchSize;
    private final int averagingFrequency;
    private final long seed;
    private final boolean shuffle;
    private final String runKey = UUID.randomUUID().toString();
    private ModelState state;

    /**
     * @param initial   the freshly initialised network (its parameters and updater state are the start)
     * @param shuffle   visit each shard in a new seeded order every epoch (false: stored order, for tests)
     */
    public ParameterAveragingTrainer(JavaSparkContext sc, MultiLayerNetwork initial, int batchSize,
                                     int averagingFrequency, long seed, boolean shuffle) {
        if (batchSize < 1 || averagingFrequency < 1) throw new IllegalArgumentException("batch size and averaging frequency must be >= 1");
        this.sc = sc;
        this.batchSize = batchSize;
        this.averagingFrequency = averagingFrequency;
        this.seed = seed;
        this.shuffle = shuffle;
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
        for (int r = 0; r < rounds; r++) {
            int from = r * averagingFrequency, to = Math.min(steps, from + averagingFrequency);
            RoundResult sum = round(train, epoch, from, to);
            state = state.with(sum.meanParams(), sum.meanUpdater(), state.iteration() + (to - from));
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
        return new EpochTiming(seconds, examples, fitNanos / 1e9);
    }

    private RoundResult round(ShardedSplit train, int epoch, int fromStep, int toStep) {
        Broadcast<ModelState> bc = sc.broadcast(state);
        try {
            RoundResult sum = train.rdd()
                    .mapPartitions(new TrainRoundFunction(bc, runKey, seed, epoch, fromStep, toStep, batchSize, shuffle))
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

    /** Inference-mode loss and accuracy of the current model over a split, computed on the workers. */
    public EvalResult evaluate(ShardedSplit split) {
        Broadcast<ModelState> bc = sc.broadcast(state);
        try {
            return split.rdd().mapPartitions(new EvaluateFunction(bc, runKey)).reduce(EvalResult::plus);
        } finally {
            bc.destroy(false);
        }
    }

    /** Runs {@code epochs} epochs, evaluating on train and validation after each. */
    public List<EpochMetrics> fit(ShardedSplit train, ShardedSplit val, int epochs, EpochListener listener) {
        List<EpochMetrics> all = new ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            EpochTiming t = trainEpoch(e, train, listener);
            EvalResult tr = evaluate(train);
            EvalResult va = evaluate(val);
            EpochMetrics m = new EpochMetrics(e, tr.loss(), tr.accuracy(), va.loss(), va.accuracy(),
                    t.seconds(), t.examples() / t.seconds());
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

    /** Wall time of the epoch's rounds, examples trained, and the mean seconds a worker spent fitting. */
    public record EpochTiming(double seconds, long examples, double workerFitSeconds) {}
}
