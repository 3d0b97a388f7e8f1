package bnsweep.engine;

import bnsweep.bn.BnInference;
import bnsweep.bn.BnMoments;
import bnsweep.bn.BnParamLayout;
import bnsweep.engine.collective.CollectiveHub;
import bnsweep.engine.collective.Ticket;
import bnsweep.shard.ShardedSplit;
import bnsweep.shard.WorkerShard;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Data-parallel training on Spark, driven from the driver. One epoch is one gang-scheduled Spark
 * stage ({@code rdd.barrier().mapPartitions}): a long-lived task per worker, all started together,
 * each on its cached shard, synchronising through the {@link CollectiveHub} in this driver
 * (see {@link WorkerEpoch} for the algorithms). Between epochs the driver holds the model: it
 * recomputes precise BN statistics, evaluates with each inference variant, and the caller checkpoints.
 *
 * <p>A failed epoch stage (a lost executor, a worker that did not arrive) is not retried by Spark;
 * the driver aborts its collective session and runs the epoch again from its start state, up to
 * {@code maxEpochAttempts} times. The data order is a function of (seed, epoch, worker), so a
 * re-run epoch trains on the same minibatches and ends with the same model.
 */
public final class DataParallelTrainer implements AutoCloseable {
    private static final ClassTag<EpochResult> RESULT = ClassTag$.MODULE$.apply(EpochResult.class);

    private final JavaSparkContext sc;
    private final EngineSettings settings;
    private final BnParamLayout bnLayout;
    private final String runKey = UUID.randomUUID().toString();
    private CollectiveHub hub;
    private ModelState state;
    /** Precise BN statistics of the current state, once computed. */
    private float[] precise;

    /** @param initial the freshly initialised network (its parameters and updater state are the start) */
    public DataParallelTrainer(JavaSparkContext sc, MultiLayerNetwork initial, EngineSettings settings) {
        this.sc = sc;
        this.settings = settings;
        this.bnLayout = BnParamLayout.of(initial);
        this.state = ModelState.of(initial);
    }

    public ModelState state() {
        return state;
    }

    /**
     * The most bytes one worker sends in one collective call: parameters and updater state (sync =
     * average; gradients and BN statistics are smaller), or a round's BN moments (count, mean and M2
     * per feature and step: RunningStatistics.encode), whichever is larger, plus 64 KiB.
     */
    long largestPayload() {
        long model = (long) Float.BYTES * (state.params().length + state.updater().length), moments = 8;
        for (int b = 0; b < bnLayout.size(); b++) moments += 8 + (long) settings.averagingFrequency() * (12 + 16L * bnLayout.features(b));
        return Math.min(bnsweep.engine.collective.CollectiveHub.MAX_PAYLOAD, Math.max(model, moments) + 65536);
    }

    /** Minibatches per worker in one epoch over {@code train}. */
    public int stepsPerEpoch(ShardedSplit train) {
        int steps = train.minShardSize() / settings.batchSize();
        if (steps == 0) {
            throw new IllegalArgumentException("batch size " + settings.batchSize() + " per worker is larger than the smallest shard ("
                    + train.minShardSize() + " examples with " + train.workers() + " workers)");
        }
        return steps;
    }

    /** Trains one epoch (1-based number), re-running it after a failed stage; returns its timing. */
    public EpochTiming trainEpoch(int epoch, ShardedSplit train, EpochListener listener) {
        int steps = stepsPerEpoch(train);
        if (hub == null) {
            hub = CollectiveHub.onDriver(sc.getConf(), settings.collectiveTimeoutMillis());
            hub.limitPayload(largestPayload());
        }
        Broadcast<ModelState> start = sc.broadcast(state.withEpoch(epoch - 1));
        try {
            for (int attempt = 1; ; attempt++) {
                Slots.await(sc.sc(), train.workers(), settings.collectiveTimeoutMillis());
                Ticket ticket = hub.open(train.workers());
                long t0 = System.nanoTime();
                try (EpochProgress p = new EpochProgress(hub, ticket.session(), epoch, steps, listener, settings.progressIntervalMillis())) {
                    // after a lost executor its cached shards and shuffle outputs are gone; a barrier stage that met the
                    // missing shuffle outputs would fail once more (MetadataFetchFailed), a plain job recomputes them first
                    if (attempt > 1) train.rdd().foreachPartition(shards -> { });
                    EpochTask task = new EpochTask(start, runKey, settings, bnLayout, epoch, steps, ticket);
                    sc.setJobDescription("epoch " + epoch + (attempt > 1 ? " (attempt " + attempt + ")" : ""));
                    RDD<EpochResult> stage = train.rdd().rdd().barrier().mapPartitions(task, false, RESULT);
                    List<EpochResult> results = new JavaRDD<>(stage, RESULT).collect();
                    hub.finish(ticket.session());
                    return finish(results, train.workers(), (System.nanoTime() - t0) / 1e9, attempt);
                } catch (Exception e) {
                    String cause = StageFailures.brief(e);
                    hub.abort(ticket.session(), "the epoch's Spark stage failed: " + cause);
                    if (sc.sc().isStopped()) {
                        throw new IllegalStateException("epoch " + epoch + " stopped: the SparkContext was shut down", e);
                    }
                    if (attempt >= settings.maxEpochAttempts()) {
                        throw new IllegalStateException("epoch " + epoch + " failed in " + attempt + " attempt"
                                + (attempt > 1 ? "s" : "") + " (max-epoch-attempts); last failure: " + cause, e);
                    }
                    if (listener != null) listener.retry(epoch, attempt, settings.maxEpochAttempts(), cause);
                }
            }
        } finally {
            if (!sc.sc().isStopped()) {
                sc.clearJobGroup();
                start.destroy(false);
            }
        }
    }

    private EpochTiming finish(List<EpochResult> results, int workers, double seconds, int attempts) {
        if (results.size() != workers) throw new IllegalStateException("epoch returned " + results.size() + " of " + workers + " workers");
        EpochResult first = results.stream().filter(r -> r.rank() == 0).findFirst().orElseThrow();
        long examples = 0;
        double fit = 0, sync = 0;
        for (EpochResult r : results) {
            if (r.checksum() != first.checksum()) {
                throw new IllegalStateException("workers 0 and " + r.rank() + " ended the epoch with different models");
            }
            examples += r.examples();
            fit += r.fitNanos() / 1e9 / workers;
            sync += r.syncNanos() / 1e9 / workers;
        }
        state = first.model();
        precise = null;
        double driftMean = first.rounds() == 0 ? 0 : first.bnDriftSum() / first.rounds();
        return new EpochTiming(seconds, examples, fit, sync, first.rounds(), first.bnDriftMax(), driftMean, attempts);
    }

    /**
     * Precise BN (Wu &amp; Johnson 2021): the population mean and variance of every BN layer's inputs
     * over the training set, or over a seeded random sample of {@code preciseBnExamples}, computed on
     * the workers layer by layer in order, so that each layer sees inputs normalised by the already
     * recomputed layers below it. Returns them in the layout of {@link ModelState#merged}; the
     * model's own running statistics are left as they are.
     */
    public float[] preciseStatistics(ShardedSplit train) {
        if (precise != null) return precise;
        int limit = settings.preciseBnExamples();
        int perWorker = limit <= 0 ? Integer.MAX_VALUE : (limit + train.workers() - 1) / train.workers();
        ModelState probe = state;
        for (int b = 0; b < bnLayout.size(); b++) {
            Broadcast<ModelState> bc = sc.broadcast(probe);
            BnMoments population;
            try {
                population = train.rdd().mapPartitions(new PreciseBnFunction(bc, runKey, bnLayout.layerIndex(b), perWorker, settings.seed()))
                        .treeAggregate(null, BnMoments::merge, BnMoments::merge, 2);
            } finally {
                bc.destroy(false);
            }
            float[] params = probe.params().clone();
            bnLayout.write(params, b, population.mean(), population.variance());
            probe = probe.with(params, probe.updater(), probe.merged(), probe.iteration());
        }
        precise = bnLayout.statistics(probe.params());
        return precise;
    }

    /** The current model with the BN statistics of {@code variant} (the model itself without BN, or for averaged). */
    public ModelState stateFor(BnInference variant, ShardedSplit train) {
        if (bnLayout.size() == 0 || variant == BnInference.AVERAGED) return state;
        return state.withBnStatistics(bnLayout, variant == BnInference.MERGED ? state.merged() : preciseStatistics(train));
    }

    /** Inference-mode loss and accuracy of the current model over a split, computed on the workers. */
    public EvalResult evaluate(ShardedSplit split) {
        return evaluate(state, split);
    }

    /** Inference-mode loss and accuracy of {@code model} over a split, computed on the workers. */
    public EvalResult evaluate(ModelState model, ShardedSplit split) {
        Broadcast<ModelState> bc = sc.broadcast(model);
        try {
            return split.rdd().mapPartitions(new EvaluateFunction(bc, runKey)).reduce(EvalResult::plus);
        } finally {
            bc.destroy(false);
        }
    }

    public boolean hasBatchNorm() {
        return bnLayout.size() > 0;
    }

    /** Continues from a checkpointed state (parameters, updater state, iteration count). */
    public void restore(ModelState saved) {
        if (saved.params().length != state.params().length || saved.updater().length != state.updater().length) {
            throw new IllegalArgumentException("checkpoint does not fit this network");
        }
        state = saved;
        precise = null;
    }

    /**
     * Runs epochs {@code firstEpoch..lastEpoch}. After each, with BN, the precise statistics are
     * recomputed (timed: their seconds count in the epoch's), validation is evaluated with every
     * inference variant, and train and validation with the default one.
     */
    public List<EpochMetrics> fit(ShardedSplit train, ShardedSplit val, int firstEpoch, int lastEpoch, EpochListener listener) {
        List<EpochMetrics> all = new ArrayList<>();
        for (int e = firstEpoch; e <= lastEpoch; e++) {
            EpochTiming t = trainEpoch(e, train, listener);
            double preciseSeconds = 0;
            double[] valAcc = new double[BnInference.values().length];
            java.util.Arrays.fill(valAcc, Double.NaN);
            EvalResult va = null;
            if (hasBatchNorm()) {
                long p0 = System.nanoTime();
                preciseStatistics(train);
                preciseSeconds = (System.nanoTime() - p0) / 1e9;
                for (BnInference v : BnInference.values()) {
                    EvalResult r = evaluate(stateFor(v, train), val);
                    valAcc[v.ordinal()] = r.accuracy();
                    if (v == BnInference.DEFAULT) va = r;
                }
            } else {
                va = evaluate(val);
            }
            EvalResult tr = evaluate(stateFor(BnInference.DEFAULT, train), train);
            EpochMetrics m = new EpochMetrics(e, tr.loss(), tr.accuracy(), va.loss(), va.accuracy(),
                    t.seconds() + preciseSeconds, t.examples() / t.seconds(), t.bnDriftMax(), t.bnDriftMean(), valAcc, preciseSeconds);
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

    /** Stops the collective hub. */
    @Override
    public void close() {
        if (hub != null) hub.close();
        hub = null;
    }

    /**
     * Wall time of the epoch's stage (of the successful attempt), examples trained, the mean seconds
     * a worker spent in its epoch loop and, of those, in collective calls; synchronisation rounds;
     * the BN drift (max and mean over rounds; 0 without BN); the attempts the epoch took.
     */
    public record EpochTiming(double seconds, long examples, double workerLoopSeconds, double workerSyncSeconds, int rounds,
                              double bnDriftMax, double bnDriftMean, int attempts) {}
}
