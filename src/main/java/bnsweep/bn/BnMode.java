package bnsweep.bn;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How a network uses Batch Normalization, and how its running statistics cross workers. */
public enum BnMode {
    /** No BatchNormalization layers. */
    NONE("none", "no BatchNormalization layers"),
    /** Running mean and log10(std) averaged elementwise with the weights, as DL4J's ParameterAveragingTrainingMaster does. */
    NAIVE("naive", "BN; running mean and log10(std) averaged elementwise with the weights (DL4J's behaviour)"),
    /** Running statistics merged exactly: count-weighted mean, parallel-variance formula. */
    EXACT("exact", "BN; running mean/variance of the averaged model = moments of the union of the workers' running statistics"),
    /** Exact merge, and before every evaluation the population statistics are recomputed from the training set. */
    EXACT_PRECISE("exact-precise", "BN; exact merge, plus precise BN: population mean/variance recomputed layer by layer"
            + " from the training set before every evaluation");

    private final String id;
    private final String description;

    BnMode(String id, String description) {
        this.id = id;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    public boolean batchNorm() {
        return this != NONE;
    }

    public boolean exactMerge() {
        return this == EXACT || this == EXACT_PRECISE;
    }

    public boolean precise() {
        return this == EXACT_PRECISE;
    }

    public static BnMode fromId(String id) {
        for (BnMode m : values()) if (m.id.equals(id)) return m;
        throw new IllegalArgumentException("unknown bn mode '" + id + "' (known: "
                + Arrays.stream(values()).map(BnMode::id).collect(Collectors.joining(", ")) + ")");
    }
}
