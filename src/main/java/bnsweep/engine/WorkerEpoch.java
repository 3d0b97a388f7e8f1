package bnsweep.engine;

import bnsweep.bn.BatchMomentsRecorder;
import bnsweep.bn.BnMoments;
import bnsweep.bn.BnParamLayout;
import bnsweep.bn.RunningStatistics;
import bnsweep.engine.collective.CollectiveClient;
import bnsweep.shard.WorkerShard;
import bnsweep.util.NdArrays;
import java.util.List;
import java.util.zip.CRC32;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One worker's epoch, inside the epoch's gang-scheduled stage: {@code steps} minibatches of its
 * shard in the epoch's seeded order, in lockstep with the other workers through the collective.
 * Every {@code averagingFrequency} steps (and after the last) a round ends:
 * <ul>
 *   <li>sync=average: parameters and updater state are all-reduced and divided by W;</li>
 *   <li>sync=gradients: gradients were already averaged every step ({@link GradientAllReduce});
 *       only the BN running statistics, which each worker updated from its own minibatches, are
 *       averaged now;</li>
 *   <li>BN mode exact (both algorithms): every worker's minibatch moments of the round's steps are
 *       all-gathered, merged in worker order and replayed into the running statistics from the
 *       round's start values ({@link RunningStatistics}); the drift records how far naive
 *       averaging's variance was from them.</li>
 * </ul>
 * All workers compute the same values in the same order, so they end every round with identical
 * models, bit for bit.
 */
final class WorkerEpoch {
    private final MultiLayerNetwork net;
    private final WorkerShard shard;
    private final CollectiveClient collective;
    private final EngineSettings s;
    private final BnParamLayout bn;
    private final Runnable checkKilled;
    private double driftMax, driftSum;
    private int rounds;

    WorkerEpoch(MultiLayerNetwork net, WorkerShard shard, CollectiveClient collective, EngineSettings s, BnParamLayout bn,
                Runnable checkKilled) {
        this.net = net;
        this.shard = shard;
        this.collective = collective;
        this.s = s;
        this.bn = bn;
        this.checkKilled = checkKilled;
    }

    EpochResult run(int epoch, int steps) {
        int[] order = shard.epochOrder(s.seed(), epoch, s.shuffle());
        boolean gradients = s.sync() == SyncAlgorithm.GRADIENTS && collective.world() > 1;
        net.setListeners(gradients ? List.of(new GradientAllReduce(collective, bn)) : List.of());
        long t0 = System.nanoTime();
        double loss = 0;
        try {
            for (int from = 0; from < steps; from += s.averagingFrequency()) {
                int to = Math.min(steps, from + s.averagingFrequency());
                float[] roundStart = bn.size() > 0 ? NdArrays.read(net.params()) : null;
                BatchMomentsRecorder recorder = bn.size() > 0 ? new BatchMomentsRecorder(bn, net, to - from, s.batchSize()) : null;
                for (int step = from; step < to; step++) {
                    checkKilled.run();
                    net.fit(shard.batch(order, step * s.batchSize(), (step + 1) * s.batchSize()));
                    loss += net.score();
                    if (recorder != null) recorder.stepDone(step - from);
                    collective.progress(step + 1, loss);
                }
                endRound(gradients, roundStart, recorder);
            }
        } finally {
            net.setListeners(List.of());
        }
        long fitNanos = System.nanoTime() - t0;
        float[] params = NdArrays.read(net.params());
        INDArray uv = ModelState.updaterView(net);
        float[] updater = uv == null ? new float[0] : NdArrays.read(uv);
        EpochResult.Arrays arrays = collective.rank() == 0 ? new EpochResult.Arrays(params, updater) : null;
        return new EpochResult(collective.rank(), steps, (long) steps * s.batchSize(), loss, fitNanos, collective.callNanos(),
                rounds, driftMax, driftSum, checksum(params, updater), arrays);
    }

    private void endRound(boolean gradients, float[] roundStart, BatchMomentsRecorder recorder) {
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
        if (bn.size() > 0) mergeBnStatistics(roundStart, params, recorder.moments());
        NdArrays.write(params, net.params());
    }

    /** sync=gradients: naive averaging of the running statistics, as sync=average gives them. */
    private void averageBnStatistics(float[] params) {
        int total = 0;
        for (int b = 0; b < bn.size(); b++) total += bn.statsLength(b);
        float[] stats = new float[total];
        for (int b = 0, at = 0; b < bn.size(); at += bn.statsLength(b), b++) {
            System.arraycopy(params, bn.statsFrom(b), stats, at, bn.statsLength(b));
        }
        collective.allReduceSum(stats);
        for (int b = 0, at = 0; b < bn.size(); at += bn.statsLength(b), b++) {
            for (int i = 0; i < bn.statsLength(b); i++) params[bn.statsFrom(b) + i] = stats[at + i] / collective.world();
        }
    }

    /** The exact merge (BN mode exact) and the drift between it and naive averaging. */
    private void mergeBnStatistics(float[] roundStart, float[] averaged, BnMoments[][] mine) {
        byte[][] gathered = collective.allGather(RunningStatistics.encode(mine));
        BnMoments[][][] byWorker = new BnMoments[gathered.length][][];
        for (int k = 0; k < gathered.length; k++) byWorker[k] = RunningStatistics.decode(gathered[k]);
        BnMoments[][] union = RunningStatistics.union(byWorker);
        double drift = 0;
        for (int b = 0; b < bn.size(); b++) {
            double[] mean = bn.mean(roundStart, b), var = bn.variance(roundStart, b);
            RunningStatistics.replay(mean, var, bn.decay(b), union[b]);
            drift = Math.max(drift, RunningStatistics.maxRelativeDifference(var, bn.variance(averaged, b)));
            if (s.bnMode().exactMerge()) bn.write(averaged, b, mean, var);
        }
        driftMax = Math.max(driftMax, drift);
        driftSum += drift;
    }

    static long checksum(float[] params, float[] updater) {
        CRC32 crc = new CRC32();
        for (float[] a : new float[][] {params, updater}) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(a.length * Float.BYTES);
            b.asFloatBuffer().put(a);
            crc.update(b);
        }
        return crc.getValue();
    }
}
