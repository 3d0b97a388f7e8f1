package bnsweep.train;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How a network uses Batch Normalization, and how its running statistics cross workers. */
public enum BnMode {
    /** No BatchNormalization layers. */
    NONE("none"),
    /** BN; running mean and log10(std) averaged elementwise with the weights, as DL4J's ParameterAveragingTrainingMaster does. */
    NAIVE("naive");

    private final String id;

    BnMode(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public boolean batchNorm() {
        return this != NONE;
    }

    public static BnMode fromId(String id) {
        for (BnMode m : values()) if (m.id.equals(id)) return m;
        throw new IllegalArgumentException("unknown bn mode '" + id + "' (known: "
                + Arrays.stream(values()).map(BnMode::id).collect(Collectors.joining(", ")) + ")");
    }
}
