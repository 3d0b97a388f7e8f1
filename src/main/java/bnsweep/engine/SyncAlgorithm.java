package bnsweep.engine;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How the workers of a data-parallel run stay one model (config key {@code sync}). */
public enum SyncAlgorithm {
    AVERAGE("average", "every averaging-frequency local steps, the workers' parameters and optimizer state are averaged"
            + " (DL4J's ParameterAveragingTrainingMaster)"),
    GRADIENTS("gradients", "every step, the workers' gradients are averaged and every worker applies the same optimizer"
            + " step (synchronous SGD, as PyTorch DDP): W workers x batch b train like one network on batches of W*b");

    private final String id;
    private final String description;

    SyncAlgorithm(String id, String description) {
        this.id = id;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    public static SyncAlgorithm fromId(String id) {
        for (SyncAlgorithm a : values()) if (a.id.equals(id)) return a;
        throw new IllegalArgumentException("unknown sync algorithm '" + id + "' (known: "
                + Arrays.stream(values()).map(SyncAlgorithm::id).collect(Collectors.joining(", ")) + ")");
    }
}
