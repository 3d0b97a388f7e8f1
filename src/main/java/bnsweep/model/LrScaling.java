package bnsweep.model;

import bnsweep.util.Ids;

/**
 * How the learning rate follows the global batch B = workers × batch-size (config key
 * {@code lr-scaling}), relative to {@code reference-batch} B₀: the learning rate used is
 * {@code learning-rate × factor(B, B₀)}.
 */
public enum LrScaling implements Ids.Named {
    /** factor 1: the learning rate as given. */
    NONE,
    /** factor B / B₀ (Goyal et al. 2017, "Accurate, Large Minibatch SGD"). */
    LINEAR,
    /** factor √(B / B₀) (Hoffer et al. 2017, "Train longer, generalize better"). */
    SQRT;

    public double factor(int globalBatch, int referenceBatch) {
        double r = (double) globalBatch / referenceBatch;
        return switch (this) {
            case NONE -> 1;
            case LINEAR -> r;
            case SQRT -> Math.sqrt(r);
        };
    }

    public static LrScaling fromId(String id) {
        return Ids.byId("lr scaling", id, values());
    }
}
