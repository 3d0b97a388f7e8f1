package bnsweep.shard;

import bnsweep.util.Ids;
/** How training examples are dealt to workers (fixed for a whole run). */
public enum Partitioning implements Ids.Named {
    /** A seeded random permutation cut into equal contiguous pieces: every worker sees the same distribution. */
    IID,
    /** Sorted by label, then cut: workers see different classes (a deliberately non-IID setting). */
    LABEL_SORTED;

    public static Partitioning fromId(String id) {
        return Ids.byId("partitioning", id, values());
    }
}
