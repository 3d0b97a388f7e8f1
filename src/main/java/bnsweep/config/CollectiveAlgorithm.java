package bnsweep.config;

import bnsweep.util.Ids;

/** How the workers' collective calls travel (config key {@code collective}). */
public enum CollectiveAlgorithm implements Ids.Named {
    /**
     * Between the executors: the parameter and gradient all-reduces as a ring (reduce-scatter, then all-gather), the small
     * exchanges (BN moments, BN's backward sums) by recursive doubling; the driver only introduces the workers to each other.
     */
    RING,
    /** Through a hub in the driver, a star: every worker sends its part to the driver, which answers each with the result. */
    HUB;

    public static CollectiveAlgorithm fromId(String id) {
        return Ids.byId("collective algorithm", id, values());
    }
}
