package bnsweep.engine.worker;

import bnsweep.bn.BatchNormKernel;
import bnsweep.bn.BatchNormLayer;
import bnsweep.bn.BnContext;
import bnsweep.bn.BnMoments;
import bnsweep.bn.BnParamLayout;
import bnsweep.bn.BnStatistics;
import bnsweep.bn.RunningStatistics;
import bnsweep.config.EngineSettings;
import bnsweep.config.SyncAlgorithm;
import bnsweep.engine.EpochResult;
import bnsweep.engine.ModelState;
import bnsweep.engine.collective.CollectiveClient;
import bnsweep.shard.WorkerShard;
import bnsweep.util.NdArrays;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One worker's epoch, inside the epoch's gang-scheduled stage: {@code steps} minibatches of its
 * shard in the epoch's seeded order, in lockstep with the other workers through the collective.
 * With bn = sync every BN layer exchanges its moments and backward sums every step
 * ({@link CollectiveBnExchange}). Every {@code averagingFrequency} steps (and after the last) a
 * round ends:
 * <ul>
 *   <li>sync = average: parameters and updater state are all-reduced and divided by W;</li>
 *   <li>sync = gradients: gradients were already averaged every step ({@link GradientAllReduce});
 *       only the BN running statistics, which each worker updated from its own minibatches, are
 *       averaged now (with bn = sync they are equal on all workers already);</li>
 *   <li>BN: the moments every BN layer normalised with in the round's steps are all-gathered,
 *       merged per step in worker order and run through the running average into the "merged"
 *       statistics ({@link RunningStatistics}); the drift records how far the averaged variance is
 *       from the merged one.</li>
 * </ul>
 * All workers compute the same values in the same order, so they end every round with identical
 * models, bit for bit.
 */
final class WorkerEpoch implements BnContext {
    private final MultiLayerNetwork net;
    private final WorkerShard shard;
    private final CollectiveClient collective;
    private final EngineSettings s;
    private final BnParamLayout bn;
    private final Runnable checkKilled;
    private final BatchNormKernel.Exchange exchange;
    private final ModelState start;
    private final BnStatistics[] merged;
    /** bnsweep's training step for this network (null: DL4J's fit, by choice or for a network the step does not cover). */
    private final DenseStep step;
    private BnMoments[][] roundMoments;
    private int stepInRound;
    private double driftMax, driftSum;
    private int rounds;

    WorkerEpoch(MultiLayerNetwork net, DenseStep step, WorkerShard shard, CollectiveClient collective, EngineSettings s, BnParamLayout bn,
                ModelState start, Runnable checkKilled) {
        this.net = net;
        this.step = step;
        this.shard = shard;
        this.collective = collective;
        this.s = s;
        this.bn = bn;
        this.checkKilled = checkKilled;
        this.start = start;
        this.exchange = new CollectiveBnExchange(collective);
        this.merged = BnStatistics.split(start.merged(), bn.features());
    }

    @Override
    public BatchNormKernel.Exchange exchange() {
        return exchange;
    }

    @Override
    public void record(int layerIndex, BnMoments batchMoments) {
        roundMoments[bn.positionOf(layerIndex)][stepInRound] = batchMoments;
    }

    EpochResult run(int epoch, int steps) {
        int[] order = shard.epochOrder(s.seed(), epoch, s.shuffle());
        boolean gradients = s.sync() == SyncAlgorithm.GRADIENTS && collective.world() > 1;
        GradientAllReduce sync = gradients ? new GradientAllReduce(collective, bn) : null;
        net.setListeners(gradients && step == null ? List.of(sync) : List.of());
        attach(this);
        long t0 = System.nanoTime();
        double loss = 0;
        try {
            for (int from = 0; from < steps; from += s.averagingFrequency()) {
                int to = Math.min(steps, from + s.averagingFrequency());
                roundMoments = new BnMoments[bn.size()][to - from];
                if (step != null) step.pull();
                for (int i = from; i < to; i++) {
                    checkKilled.run();
                    stepInRound = i - from;
                    if (step != null) {
                        loss += step.fit(shard, order, i * s.batchSize(), this, sync, new SplittableRandom(dropoutSeed(epoch, collective.rank(), i)));
                    } else {
                        net.fit(shard.batch(order, i * s.batchSize(), (i + 1) * s.batchSize()));
                        loss += net.score();
                    }
                    collective.progress(i + 1, loss);
                }
                if (step != null) step.push();
                endRound(gradients);
            }
        } finally {
            net.setListeners(List.of());
            attach(null);
        }
        long fitNanos = System.nanoTime() - t0;
        float[] params = NdArrays.read(net.params());
        INDArray uv = ModelState.updaterView(net);
        float[] updater = uv == null ? new float[0] : NdArrays.read(uv);
        float[] mergedFlat = BnStatistics.flatten(merged);
        ModelState model = collective.rank() == 0 ? start.with(params, updater, mergedFlat, start.iteration() + steps) : null;
        return new EpochResult(collective.rank(), steps, (long) steps * s.batchSize(), loss, fitNanos, collective.callNanos(),
                rounds, driftMax, driftSum, checksum(params, updater, mergedFlat), model);
    }

    private void attach(BnContext context) {
        for (Layer l : net.getLayers()) if (l instanceof BatchNormLayer b) b.attach(context);
    }

    private void endRound(boolean gradients) {
        rounds++;
        float[] params = NdArrays.read(net.params());
        int w = collective.world();
        if (!gradients) {
            INDArray uv = ModelState.updaterView(net);
            float[] updater = uv == null ? new float[0] : NdArrays.read(uv);
            float[] flat = new float[params.length + updater.length];
            System.arraycopy(params, 0, flat, 0, params.length);
            System.arraycopy(updater, 0, flat, params.length, updater.length);
            collective.allReduceSum(flat);
            for (int i = 0; i < flat.length; i++) flat[i] /= w;
            System.arraycopy(flat, 0, params, 0, params.length);
            if (uv != null) {
                System.arraycopy(flat, params.length, updater, 0, updater.length);
                NdArrays.write(updater, uv);
            }
        } else if (bn.size() > 0) {
            averageBnStatistics(params);
        }
        if (bn.size() > 0 && recorded()) mergeBnStatistics(params);
        NdArrays.write(params, net.params());
    }

    /** Whether the BN layers reported their moments (bnsweep's layer does; DL4J's own, used in tests, does not). */
    private boolean recorded() {
        for (BnMoments[] layer : roundMoments) for (BnMoments m : layer) if (m == null) return false;
        return true;
    }

    /**
     * sync = gradients: the running statistics averaged elementwise, as sync = average leaves them;
     * those of layers whose statistics are shared already ({@link BnParamLayout#shared}) are left.
     */
    private void averageBnStatistics(float[] params) {
        int total = 0;
        for (int b = 0; b < bn.size(); b++) if (!bn.shared(b)) total += bn.statsLength(b);
        if (total == 0) return;
        float[] stats = new float[total];
        for (int b = 0, at = 0; b < bn.size(); b++) {
            if (bn.shared(b)) continue;
            System.arraycopy(params, bn.statsFrom(b), stats, at, bn.statsLength(b));
            at += bn.statsLength(b);
        }
        collective.allReduceSum(stats);
        for (int b = 0, at = 0; b < bn.size(); b++) {
            if (bn.shared(b)) continue;
            for (int i = 0; i < bn.statsLength(b); i++) params[bn.statsFrom(b) + i] = stats[at + i] / collective.world();
            at += bn.statsLength(b);
        }
    }

    /** The merged statistics (every worker's moments of every step), and their drift from the averaged ones. */
    private void mergeBnStatistics(float[] averaged) {
        byte[][] gathered = collective.world() == 1 ? new byte[][] {BnMoments.encode(roundMoments)}
                : collective.allGather(BnMoments.encode(roundMoments));
        BnMoments[][][] byWorker = new BnMoments[gathered.length][][];
        for (int k = 0; k < gathered.length; k++) byWorker[k] = BnMoments.decode(gathered[k]);
        BnMoments[][] union = RunningStatistics.union(byWorker);
        double drift = 0;
        for (int b = 0; b < bn.size(); b++) {
            RunningStatistics.replay(merged[b].mean(), merged[b].variance(), bn.decay(b), union[b]);
            drift = Math.max(drift, RunningStatistics.maxRelativeDifference(merged[b].variance(), bn.variance(averaged, b)));
        }
        driftMax = Math.max(driftMax, drift);
        driftSum += drift;
    }

    /** The seed of a step's dropout masks: a function of (seed, epoch, worker, step), so a re-run epoch draws the same. */
    private long dropoutSeed(int epoch, int rank, int i) {
        long h = s.seed() * 0x9E3779B97F4A7C15L + epoch;
        h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L + rank;
        h = (h ^ (h >>> 29)) * 0x94D049BB133111EBL + i;
        return h ^ (h >>> 32);
    }

    static long checksum(float[]... arrays) {
        CRC32 crc = new CRC32();
        for (float[] a : arrays) {
            ByteBuffer b = ByteBuffer.allocate(a.length * Float.BYTES);
            b.asFloatBuffer().put(a);
            crc.update(b);
        }
        return crc.getValue();
    }
}
