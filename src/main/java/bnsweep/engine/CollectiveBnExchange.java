package bnsweep.engine;

import bnsweep.bn.BatchNormFunction;
import bnsweep.bn.BnMoments;
import bnsweep.bn.RunningStatistics;
import bnsweep.engine.collective.CollectiveClient;
import java.nio.ByteBuffer;

/**
 * SyncBN's exchange over the collective: a BN layer's moments and backward sums are all-gathered
 * and combined in worker order, in double, so every worker computes the same bits.
 */
final class CollectiveBnExchange implements BatchNormFunction.Exchange {
    private final CollectiveClient collective;

    CollectiveBnExchange(CollectiveClient collective) {
        this.collective = collective;
    }

    @Override
    public BnMoments merge(BnMoments mine) {
        byte[][] all = collective.allGather(RunningStatistics.encode(new BnMoments[][] {{mine}}));
        BnMoments merged = null;
        for (byte[] worker : all) merged = BnMoments.merge(merged, RunningStatistics.decode(worker)[0][0]);
        return merged;
    }

    @Override
    public void sum(double[] values) {
        ByteBuffer mine = ByteBuffer.allocate(values.length * Double.BYTES);
        mine.asDoubleBuffer().put(values);
        byte[][] all = collective.allGather(mine.array());
        java.util.Arrays.fill(values, 0);
        for (byte[] worker : all) {
            java.nio.DoubleBuffer d = ByteBuffer.wrap(worker).asDoubleBuffer();
            if (d.remaining() != values.length) throw new IllegalStateException("workers disagree on a BN layer's width");
            for (int j = 0; j < values.length; j++) values[j] += d.get(j);
        }
    }
}
