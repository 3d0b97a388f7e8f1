package bnsweep.config;

import bnsweep.util.Ids;

/** How the workers of a data-parallel run stay one model (config key {@code sync}). */
public enum SyncAlgorithm implements Ids.Named {
    AVERAGE("every averaging-frequency local steps, the workers' parameters and optimizer state are averaged"
            + " (DL4J's ParameterAveragingTrainingMaster)"),
    GRADIENTS("every step, the workers' gradients are averaged and every worker applies the same optimizer"
            + " step (synchronous SGD, as PyTorch DDP): W workers x batch b train like one network on batches of W*b");

    private final String description;

    SyncAlgorithm(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    public static SyncAlgorithm fromId(String id) {
        return Ids.byId("sync algorithm", id, values());
    }
}
