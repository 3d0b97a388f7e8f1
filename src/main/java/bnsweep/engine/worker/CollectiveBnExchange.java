package bnsweep.engine.worker;

import bnsweep.bn.BatchNormKernel;
import bnsweep.bn.BnMoments;
import bnsweep.engine.collective.CollectiveClient;

/**
 * SyncBN's exchange over the collective, in PyTorch's shape ({@code torch/nn/modules/_functions.py}):
 * forward, the workers' moments are all-gathered and merged in worker order
 * ({@code batch_norm_gather_stats_with_counts}); backward, the sums Σdy and Σdy·x̂ are all-reduced
 * in float64 ({@code all_reduce} of {@code sum_dy}, {@code sum_dy_xmu}). Every worker computes the
 * same bits. A single worker exchanges nothing.
 */
final class CollectiveBnExchange implements BatchNormKernel.Exchange {
    private final CollectiveClient collective;

    CollectiveBnExchange(CollectiveClient collective) {
        this.collective = collective;
    }

    @Override
    public BnMoments merge(BnMoments mine) {
        if (collective.world() == 1) return mine;
        BnMoments merged = null;
        for (byte[] worker : collective.allGather(BnMoments.encode(new BnMoments[][] {{mine}}))) {
            merged = BnMoments.merge(merged, BnMoments.decode(worker)[0][0]);
        }
        return merged;
    }

    @Override
    public void sum(double[] values) {
        if (collective.world() > 1) collective.allReduceSum(values);
    }
}
