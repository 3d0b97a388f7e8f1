package bnsweep.engine.driver;

import bnsweep.bn.BnInference;
import bnsweep.bn.BnMoments;
import bnsweep.bn.BnParamLayout;
import bnsweep.config.EngineSettings;
import bnsweep.engine.EpochListener;
import bnsweep.engine.EpochMetrics;
import bnsweep.engine.EvalResult;
import bnsweep.engine.ModelState;
import bnsweep.engine.collective.CollectiveHub;
import bnsweep.engine.worker.EvaluateFunction;
import bnsweep.engine.worker.NetworkCache;
import bnsweep.engine.worker.PreciseBnFunction;
import bnsweep.shard.ShardedSplit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Data-parallel training on Spark, driven from the driver. One epoch is one gang-scheduled Spark
 * stage ({@code rdd.barrier().mapPartitions}): a long-lived task per worker, all started together,
 * each on its cached shard, synchronising through the {@link CollectiveHub} in this driver
 * (see {@code worker.WorkerEpoch} for the algorithms). Between epochs the driver holds the model: it
 * recomputes precise BN statistics, evaluates with each inference variant, and the caller checkpoints.
 *
 * <p>A failed epoch stage (a lost executor, a worker that did not arrive) is not retried by Spark;
 * the driver aborts its collective session and runs the epoch again from its start state, up to
 * {@code maxEpochAttempts} times. The data order is a function of (seed, epoch, worker), so a
 * re-run epoch trains on the same minibatches and ends with the same model.
 */
public final class DataParallelTrainer implements AutoCloseable {

    private final JavaSparkContext sc;
    private final EngineSettings settings;
    private final BnParamLayout bnLayout;
    private final String runKey = UUID.randomUUID().toString();
    /** Outputs of the network: the classes. */
    private final int classes;
    private EpochStage stage;
    private ModelState state;
    /** Precise BN statistics of the current state, once computed. */
    private float[] precise;

    /** @param initial the freshly initialised network (its parameters and updater state are the start) */
    public DataParallelTrainer(JavaSparkContext sc, MultiLayerNetwork initial, EngineSettings settings) {
        this.sc = sc;
        this.settings = settings;
        this.bnLayout = BnParamLayout.of(initial);
        this.state = ModelState.of(initial);
        this.classes = (int) initial.getOutputLayer().getParam("b").length();
    }

    public ModelState state() {
        return state;
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
        if (stage == null) stage = new EpochStage(sc, settings, bnLayout, runKey, state);
        EpochStage.Outcome o = stage.run(epoch, stepsPerEpoch(train), train, state, listener);
        state = o.model();
        precise = null;
        return o.timing();
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

    /**
     * {@code split} evaluated with the default inference statistics ({@code result}) and, with BN, the
     * accuracy with each variant ({@code accuracy}, by {@link BnInference} ordinal; NaN without BN).
     */
    public record ByVariant(EvalResult result, double[] accuracy) {}

    /** Evaluates {@code split} with every BN inference variant (the model as it is without BN); precise BN from {@code train}. */
    public ByVariant evaluateByVariant(ShardedSplit split, ShardedSplit train) {
        double[] acc = new double[BnInference.values().length];
        Arrays.fill(acc, Double.NaN);
        if (!hasBatchNorm()) return new ByVariant(evaluate(split), acc);
        EvalResult main = null;
        for (BnInference v : BnInference.values()) {
            EvalResult r = evaluate(stateFor(v, train), split);
            acc[v.ordinal()] = r.accuracy();
            if (v == BnInference.DEFAULT) main = r;
        }
        return new ByVariant(main, acc);
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
     * inference variant, and train and validation with the default one. Stops after an epoch in which
     * training diverged ({@link EpochMetrics#diverged}): the epochs after it would only burn time.
     */
    public List<EpochMetrics> fit(ShardedSplit train, ShardedSplit val, int firstEpoch, int lastEpoch, EpochListener listener) {
        List<EpochMetrics> all = new ArrayList<>();
        for (int e = firstEpoch; e <= lastEpoch; e++) {
            EpochTiming t = trainEpoch(e, train, listener);
            double preciseSeconds = 0;
            if (hasBatchNorm()) {
                long p0 = System.nanoTime();
                preciseStatistics(train);
                preciseSeconds = (System.nanoTime() - p0) / 1e9;
            }
            ByVariant va = evaluateByVariant(val, train);
            EvalResult tr = evaluate(stateFor(BnInference.DEFAULT, train), train);
            EpochMetrics m = new EpochMetrics(e, tr.loss(), tr.accuracy(), va.result().loss(), va.result().accuracy(),
                    t.seconds() + preciseSeconds, t.examples() / t.seconds(), t.bnDriftMax(), t.bnDriftMean(), va.accuracy(),
                    preciseSeconds, EpochMetrics.diverged(tr.loss(), classes), t.steps(), t.workerSyncSeconds());
            all.add(m);
            if (listener != null) listener.epochDone(m);
            if (m.diverged()) break;
        }
        return all;
    }

    /** Drops the executors' cached networks of this run. */
    public void release(ShardedSplit any) {
        String key = runKey;
        any.rdd().foreachPartition(it -> NetworkCache.release(key));
    }

    /** Stops the collective hub (if an epoch started it). */
    @Override
    public void close() {
        if (stage != null) stage.close();
        stage = null;
    }
}
