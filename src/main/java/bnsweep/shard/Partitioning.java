package bnsweep.shard;

/** How training examples are dealt to workers (fixed for a whole run). */
public enum Partitioning {
    /** A seeded random permutation cut into equal contiguous pieces: every worker sees the same distribution. */
    IID("iid"),
    /** Sorted by label, then cut: workers see different classes (a deliberately non-IID setting). */
    LABEL_SORTED("label-sorted");

    private final String id;

    Partitioning(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Partitioning fromId(String id) {
        for (Partitioning p : values()) if (p.id.equals(id)) return p;
        throw new IllegalArgumentException("unknown partitioning '" + id + "' (known: iid, label-sorted)");
    }
}
